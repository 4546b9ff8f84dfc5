import type { App, AppDeps } from '../router.js';

export function registerEventsRoutes(app: App, deps: AppDeps): void {
  void app;
  void deps;
}
