import type { App, AppDeps } from '../router.js';

export function registerBoardRoutes(app: App, deps: AppDeps): void {
  void app;
  void deps;
}
