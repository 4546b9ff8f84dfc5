import { registerCheckProject } from './check.js';
import type { App } from '../router.js';
import type { AppDeps } from '../deps.js';
import { registerCreateProject } from './create.js';
import { registerExportProject } from './export.js';
import { registerGetProject } from './get.js';
import { registerImportProject } from './import.js';
import { registerListProjects } from './list.js';
import { registerUpdateProject } from './update.js';

export function registerProjectRoutes(app: App, deps: AppDeps): void {
  registerListProjects(app, deps);
  registerCreateProject(app, deps);
  registerGetProject(app, deps);
  registerUpdateProject(app, deps);
  registerCheckProject(app, deps);
  registerExportProject(app, deps);
  registerImportProject(app, deps);
}
