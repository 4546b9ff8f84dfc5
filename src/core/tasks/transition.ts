import { statusTimestamps } from '../rules/lifecycle.js';
import { taskSnapshot } from '../rules/task-events.js';
import type { TaskStatus } from '../types.js';
import { changed } from './fields.js';
import type { Decision, TaskChanges, TaskState } from './types.js';

/**
 * A move to a new status by any route: the route's own field changes plus the timestamps a status
 * implies, and one event of `type` with the snapshot, `from`, `to` and the route's `payload`. A store
 * applying it then resolves the task's dependents (see dependents.ts) in the same transaction.
 */
export function transition(
  task: TaskState,
  next: TaskStatus,
  actor: string,
  type: string,
  extra: TaskChanges,
  payload: Record<string, unknown>,
  now: string,
): Decision {
  const patch: TaskChanges = { ...extra, status: next, ...statusTimestamps(task, next, now), updated_at: now };
  // A pickup's own lease length ends with the pickup.
  if (next !== 'in-progress') patch.lease_seconds = null;
  return changed(task, patch, type, actor, (after) => ({
    ...taskSnapshot(after),
    from: task.status,
    to: next,
    ...payload,
  }));
}
