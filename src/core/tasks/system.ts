import { statusForDeps } from '../rules/dependencies.js';
import { afterLapse, leaseExpired } from '../rules/leases.js';
import { boardStatus } from '../rules/lifecycle.js';
import { taskSnapshot } from '../rules/task-events.js';
import { changed } from './fields.js';
import type { DecideContext, Decision, TaskChanges, TaskState } from './types.js';

/** Decisions nobody asks for: they follow from time passing and from other tasks moving. Actor `system`. */

/**
 * An in-progress task whose lease has lapsed goes back to the board, or to blocked once `max_attempts`
 * leases on it have lapsed (it keeps its assignee then, so people see who stopped reporting). Null
 * while the lease is live.
 */
export function decideLapse(task: TaskState, ctx: DecideContext): Decision | null {
  if (task.status !== 'in-progress' || !leaseExpired(task.lease_expires_at, ctx.now)) return null;
  const lapses = task.lapses + 1;
  const outcome = afterLapse(lapses, ctx.settings.max_attempts);
  const blocked = outcome.status === 'blocked';
  const status = blocked ? 'blocked' : boardStatus(task);
  const patch: TaskChanges = {
    status,
    assignee: blocked ? task.assignee : null,
    lease_expires_at: null,
    lease_seconds: null,
    blocker_reason: blocked ? outcome.reason : null,
    lapses,
    updated_at: ctx.now,
  };
  return changed(task, patch, 'task.lease_expired', 'system', (after) => ({
    ...taskSnapshot(after),
    previous_assignee: task.assignee,
    expired_at: task.lease_expires_at,
    to: status,
  }));
}

/**
 * A dependent of `trigger` after `trigger` moved across the satisfied line (see dependentsAffected):
 * `met` says whether all its dependencies are satisfied now. It gains or loses `deps_met`, and a task not
 * yet started moves between backlog and open. Null when nothing changes for it.
 */
export function decideDependent(dep: TaskState, met: boolean, trigger: string, ctx: { now: string }): Decision | null {
  if (met === dep.deps_met) return null;
  const status = statusForDeps(dep.status, met);
  const patch: TaskChanges = { deps_met: met, status, updated_at: ctx.now };
  return changed(dep, patch, met ? 'task.deps_met' : 'task.deps_unmet', 'system', (after) => ({
    ...taskSnapshot(after),
    from: dep.status,
    to: status,
    trigger,
  }));
}
