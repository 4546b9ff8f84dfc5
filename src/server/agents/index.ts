import type { App, AppDeps } from '../router.js';

export function registerAgentsRoutes(app: App, deps: AppDeps): void {
  void app;
  void deps;
}
