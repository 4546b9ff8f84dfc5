import type { App, AppDeps } from '../router.js';
import { registerBoardStatus } from './status.js';

export function registerBoardRoutes(app: App, deps: AppDeps): void {
  registerBoardStatus(app, deps);
}
