import { registerBoardStatus } from './status.js';
import type { App } from '../router.js';
import type { AppDeps } from '../deps.js';

export function registerBoardRoutes(app: App, deps: AppDeps): void {
  registerBoardStatus(app, deps);
}
