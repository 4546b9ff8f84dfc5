import { satisfies, statusForDeps } from '../core/dependencies.js';
import { afterLapse, leaseExpired, leaseUntil } from '../core/leases.js';
import { statusTimestamps, taskSnapshot } from '../core/lifecycle.js';
import { formatTaskNumber } from '../core/task-number.js';
import type { TaskPatch } from '../core/task-store.js';
import type { Task, TaskStatus } from '../core/types.js';
import type { Db } from './database.js';
import type { WriteContext } from './events.js';
import { readSettings } from './meta.js';
import { rowToTask, type TaskRow, type TaskRowPatch } from './task-rows.js';
import * as q from './tasks.js';

/** Lapsed leases reclaimed per pickup; the rest wait for the next one (keeps a pickup short). */
const RECLAIM_BATCH = 50;

/** Field changes that follow a hand-set status (the human override). */
export function statusSideEffects(
  ctx: WriteContext,
  row: TaskRow,
  next: TaskStatus,
  patch: TaskPatch,
  actor: string,
): TaskRowPatch {
  const out: TaskRowPatch = {};
  if (next === 'in-progress') {
    const assignee = patch.assignee !== undefined ? patch.assignee : row.assignee;
    out.lease_expires_at = assignee ? leaseUntil(new Date(ctx.now), leaseLength(ctx.db, row)) : null;
  } else {
    out.lease_expires_at = null;
  }
  if ((next === 'open' || next === 'backlog') && patch.assignee === undefined) out.assignee = null;
  if (next === 'blocked' && !patch.blocker_reason && !row.blocker_reason)
    out.blocker_reason = `Set to blocked by ${actor}`;
  if (next !== 'blocked' && patch.blocker_reason === undefined) out.blocker_reason = null;
  return out;
}

/**
 * Move a task to a new status and, in the same transaction, resolve its dependents: they gain
 * `deps_met` (backlog → open) when all their dependencies are in review/done, and lose it
 * (open → backlog) when one moves back out.
 */
export function changeStatus(
  ctx: WriteContext,
  row: TaskRow,
  next: TaskStatus,
  actor: string,
  eventType: string,
  extra: TaskRowPatch,
  payload: Record<string, unknown>,
): Task {
  const patch: TaskRowPatch = {
    ...extra,
    status: next,
    ...statusTimestamps(rowToTask(row), next, ctx.now),
    updated_at: ctx.now,
  };
  if (next !== 'in-progress') patch.lease_seconds = null;
  q.updateTask(ctx.db, row.id, patch);
  const task = rowToTask({ ...row, ...patch });
  ctx.record({
    type: eventType,
    entity_id: task.id,
    actor,
    payload: { ...taskSnapshot(task), from: row.status, to: next, ...payload },
  });
  resolveDependents(ctx, row.number, row.status, next);
  return task;
}

function resolveDependents(ctx: WriteContext, number: number, from: TaskStatus, to: TaskStatus): void {
  const was = satisfies(from);
  const is = satisfies(to);
  if (was === is) return;
  for (const dep of q.dependentsOf(ctx.db, number)) {
    const met = q.unmetDepsOf(ctx.db, dep.number).length === 0;
    if (met === (dep.deps_met === 1)) continue;
    const status = statusForDeps(dep.status, met);
    const patch: TaskRowPatch = { deps_met: met ? 1 : 0, status, updated_at: ctx.now };
    q.updateTask(ctx.db, dep.id, patch);
    const task = rowToTask({ ...dep, ...patch });
    ctx.record({
      type: met ? 'task.deps_met' : 'task.deps_unmet',
      entity_id: task.id,
      actor: 'system',
      payload: { ...taskSnapshot(task), from: dep.status, to: status, trigger: formatTaskNumber(number) },
    });
  }
}

/** Leases that lapsed go back to the board (or to blocked after max_attempts); no timer needed. */
export function reclaimLapsedLeases(ctx: WriteContext, maxAttempts: number): void {
  for (const row of q.expiredLeases(ctx.db, ctx.now, RECLAIM_BATCH)) {
    if (!leaseExpired(row.lease_expires_at, ctx.now)) continue;
    const lapses = (row.lapses ?? 0) + 1;
    const outcome = afterLapse(lapses, maxAttempts);
    const status = outcome.status === 'blocked' ? 'blocked' : row.deps_met === 1 ? 'open' : 'backlog';
    const patch: TaskRowPatch = {
      status,
      assignee: outcome.status === 'blocked' ? row.assignee : null,
      lease_expires_at: null,
      lease_seconds: null,
      blocker_reason: outcome.status === 'blocked' ? outcome.reason : null,
      lapses,
      updated_at: ctx.now,
    };
    q.updateTask(ctx.db, row.id, patch);
    const task = rowToTask({ ...row, ...patch });
    ctx.record({
      type: 'task.lease_expired',
      entity_id: task.id,
      actor: 'system',
      payload: { ...taskSnapshot(task), previous_assignee: row.assignee, expired_at: row.lease_expires_at, to: status },
    });
  }
}

/** The lease a renewal grants: what the pickup asked for, else the project default. */
export function leaseLength(db: Db, row: TaskRow): number {
  return row.lease_seconds ?? readSettings(db).lease_seconds;
}
