import { registerListEvents } from './list.js';
import type { App } from '../router.js';
import type { AppDeps } from '../deps.js';
import { registerStreamEvents } from './stream.js';

export function registerEventsRoutes(app: App, deps: AppDeps): void {
  registerStreamEvents(app, deps);
  registerListEvents(app, deps);
}
