import type { App, AppDeps } from '../router.js';
import { registerGetAgent } from './get.js';
import { registerListAgents } from './list.js';

export function registerAgentsRoutes(app: App, deps: AppDeps): void {
  registerListAgents(app, deps);
  registerGetAgent(app, deps);
}
