import type { App, AppDeps } from '../router.js';
import { registerListEvents } from './list.js';
import { registerStreamEvents } from './stream.js';

export function registerEventsRoutes(app: App, deps: AppDeps): void {
  registerStreamEvents(app, deps);
  registerListEvents(app, deps);
}
