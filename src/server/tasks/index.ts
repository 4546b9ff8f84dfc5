import type { App, AppDeps } from '../router.js';

export function registerTasksRoutes(app: App, deps: AppDeps): void {
  void app;
  void deps;
}
