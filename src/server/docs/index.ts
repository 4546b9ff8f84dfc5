import type { App, AppDeps } from '../router.js';

export function registerDocsRoutes(app: App, deps: AppDeps): void {
  void app;
  void deps;
}
