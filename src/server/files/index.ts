import type { App } from '../router.js';
import type { AppDeps } from '../deps.js';
import { ReservationExpiry } from './expiry.js';
import { registerListFileHolds } from './list.js';
import { registerReleaseFiles } from './release.js';
import { registerReserveFiles } from './reserve.js';

/** File reservation routes (the files of tasks travel with the task routes). */
export function registerFilesRoutes(app: App, deps: AppDeps): void {
  registerListFileHolds(app, deps);
  registerReserveFiles(app, deps, new ReservationExpiry(deps.catalog, deps.shutdown));
  registerReleaseFiles(app, deps);
}
