import { registerGetAgent } from './get.js';
import type { App } from '../router.js';
import type { AppDeps } from '../deps.js';
import { registerListAgents } from './list.js';

export function registerAgentsRoutes(app: App, deps: AppDeps): void {
  registerListAgents(app, deps);
  registerGetAgent(app, deps);
}
