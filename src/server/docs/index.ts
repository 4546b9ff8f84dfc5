import { registerCreateDoc } from './create.js';
import type { App } from '../router.js';
import type { AppDeps } from '../deps.js';
import { registerGetDoc } from './get.js';
import { registerListDocs } from './list.js';
import { registerSearchDocs } from './search.js';
import { registerUpdateDoc } from './update.js';

export function registerDocsRoutes(app: App, deps: AppDeps): void {
  registerListDocs(app, deps);
  registerCreateDoc(app, deps);
  // Before /api/docs/{id}, which would otherwise take "search" for an id.
  registerSearchDocs(app, deps);
  registerGetDoc(app, deps);
  registerUpdateDoc(app, deps);
}
