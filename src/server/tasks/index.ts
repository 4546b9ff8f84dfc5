import { registerApproveTask } from './approve.js';
import type { App } from '../router.js';
import type { AppDeps } from '../deps.js';
import { registerBlockTask } from './block.js';
import { registerCancelTask } from './cancel.js';
import { registerCompleteTask } from './done.js';
import { registerCreateTasks } from './create.js';
import { registerListTaskDependents } from './dependents.js';
import { registerGetTask } from './get.js';
import { registerHeartbeatTask } from './heartbeat.js';
import { registerListTasks } from './list.js';
import { registerMyTasks } from './mine.js';
import { registerAddTaskNote } from './notes.js';
import { registerPickupTask } from './pickup.js';
import { registerRejectTask } from './reject.js';
import { registerReleaseTask } from './release.js';
import { registerSearchTasks } from './search.js';
import { registerUnblockTask } from './unblock.js';
import { registerUpdateTask } from './update.js';

/** Task routes. Fixed paths (mine, pickup) come before `/api/tasks/{id}` so they are not read as ids. */
export function registerTasksRoutes(app: App, deps: AppDeps): void {
  registerListTasks(app, deps);
  registerCreateTasks(app, deps);
  registerMyTasks(app, deps);
  registerSearchTasks(app, deps);
  registerPickupTask(app, deps);
  registerGetTask(app, deps);
  registerListTaskDependents(app, deps);
  registerUpdateTask(app, deps);
  registerCompleteTask(app, deps);
  registerApproveTask(app, deps);
  registerRejectTask(app, deps);
  registerCancelTask(app, deps);
  registerBlockTask(app, deps);
  registerUnblockTask(app, deps);
  registerReleaseTask(app, deps);
  registerHeartbeatTask(app, deps);
  registerAddTaskNote(app, deps);
}
