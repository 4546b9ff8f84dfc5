import { ApiError } from '../errors.js';
import { holdsLiveLease, leaseLength, leaseUntil } from '../rules/leases.js';
import {
  assertCanApprove,
  assertHolder,
  assertLeaseHolder,
  assertStatus,
  BLOCKABLE,
  boardStatus,
  CANCELLABLE,
  pickupRefusal,
  reviewDone,
} from '../rules/lifecycle.js';
import { type Collision, filesHeldError } from '../rules/reservations.js';
import { taskSnapshot } from '../rules/task-events.js';
import type { DoneBy } from '../task-store.js';
import { assertVerifyPassed, verifyRecord } from './verify.js';
import { changed, unchanged, withNote } from './fields.js';
import { transition } from './transition.js';
import type { DecideContext, Decision, TaskChanges, TaskState, UnmetDependency } from './types.js';

/**
 * The lifecycle decisions: pure and synchronous, (task, input, context) → the task's new fields and the
 * events recording them, or a refusal thrown as an ApiError. A store loads the task, decides, applies.
 */

/**
 * A pickup of `task` by `agent`: the candidate a store's pickup query found, or the task `pickup --id`
 * named, with the dependencies that still hold it back (`unmet`).
 */
export function decideClaim(
  task: TaskState,
  input: {
    agent: string;
    lease_seconds?: number | undefined;
    unmet?: readonly UnmetDependency[] | undefined;
    /** Holds of other agents that overlap the task's files. */
    collisions?: readonly Collision[] | undefined;
  },
  ctx: DecideContext,
): Decision {
  const unmet = input.unmet ?? [];
  if (task.status !== 'open' || unmet.length > 0) throw new ApiError('conflict', pickupRefusal(task, unmet));
  if (input.collisions && input.collisions.length > 0)
    throw filesHeldError(`${task.task_number} cannot be picked up`, input.collisions);
  const patch: TaskChanges = {
    status: 'in-progress',
    assignee: input.agent,
    started_at: ctx.now,
    attempts: task.attempts + 1,
    pickups: task.attempts + 1,
    lease_expires_at: leaseUntil(new Date(ctx.now), input.lease_seconds ?? ctx.settings.lease_seconds),
    lease_seconds: input.lease_seconds ?? null,
    completed_at: null,
    updated_at: ctx.now,
  };
  return changed(task, patch, 'task.pickup', input.agent, taskSnapshot);
}

/**
 * `done`: the holder hands in-progress work to review (another agent only with `force`). On a review
 * task it is the implementer's retry (a no-op) or someone else's approval.
 */
export function decideComplete(task: TaskState, by: DoneBy, ctx: DecideContext): Decision {
  assertStatus(task, ['in-progress', 'review'], 'marked done');
  assertVerifyPassed(task, by.verify);
  const notes = withNote(task.notes, by.agent, by.notes, ctx.now);
  if (task.status === 'review') {
    if (reviewDone(task, by.agent) === 'no-op') return unchanged(task);
    return transition(task, 'done', by.agent, 'task.approved', { notes }, {}, ctx.now);
  }
  assertHolder(task, by.agent, 'complete', by.force);
  const forced = by.force && task.assignee !== by.agent ? { forced: true, previous_assignee: task.assignee } : {};
  const extra: TaskChanges = { notes, lease_expires_at: null };
  const payload: Record<string, unknown> = { ...forced };
  if (by.verify) {
    extra.verify_result = verifyRecord(by.verify, by.agent, ctx.now);
    payload.verify = { status: by.verify.status, exit_code: by.verify.exit_code, duration_ms: by.verify.duration_ms };
  }
  return transition(task, 'review', by.agent, 'task.done', extra, payload, ctx.now);
}

/** review → done, by anyone but the implementer. */
export function decideApprove(
  task: TaskState,
  by: { actor: string; notes?: string | undefined },
  ctx: DecideContext,
): Decision {
  assertCanApprove(task, by.actor);
  const notes = withNote(task.notes, by.actor, by.notes, ctx.now);
  return transition(task, 'done', by.actor, 'task.approved', { notes }, {}, ctx.now);
}

/** review → back to whoever implemented it, with a fresh lease; with no implementer, back to the board. */
export function decideReject(task: TaskState, by: { actor: string; reason: string }, ctx: DecideContext): Decision {
  assertStatus(task, ['review'], 'rejected');
  const next = task.assignee ? 'in-progress' : boardStatus(task);
  const notes = withNote(task.notes, by.actor, `Rejected: ${by.reason}`, ctx.now);
  const lease_expires_at = next === 'in-progress' ? leaseUntil(new Date(ctx.now), ctx.settings.lease_seconds) : null;
  return transition(task, next, by.actor, 'task.rejected', { notes, lease_expires_at }, { reason: by.reason }, ctx.now);
}

/** Anything unfinished → cancelled; its dependents stop waiting on it. */
export function decideCancel(task: TaskState, by: { actor: string; reason: string }, ctx: DecideContext): Decision {
  assertStatus(task, CANCELLABLE, 'cancelled');
  const notes = withNote(task.notes, by.actor, `Cancelled: ${by.reason}`, ctx.now);
  const extra: TaskChanges = { notes, lease_expires_at: null, blocker_reason: null };
  return transition(task, 'cancelled', by.actor, 'task.cancelled', extra, { reason: by.reason }, ctx.now);
}

export function decideBlock(task: TaskState, by: { actor: string; reason: string }, ctx: DecideContext): Decision {
  assertStatus(task, BLOCKABLE, 'blocked');
  const extra: TaskChanges = { blocker_reason: by.reason, lease_expires_at: null };
  return transition(task, 'blocked', by.actor, 'task.blocked', extra, { reason: by.reason }, ctx.now);
}

/** blocked → the board (or backlog while dependencies are unmet), with nobody holding it. */
export function decideUnblock(task: TaskState, by: { actor: string }, ctx: DecideContext): Decision {
  assertStatus(task, ['blocked'], 'unblocked');
  const extra: TaskChanges = { blocker_reason: null, assignee: null, lease_expires_at: null };
  const payload = { previous_reason: task.blocker_reason };
  return transition(task, boardStatus(task), by.actor, 'task.unblocked', extra, payload, ctx.now);
}

/** The holder (or anyone with `force`) gives in-progress work back. */
export function decideRelease(
  task: TaskState,
  by: { agent: string; force?: boolean | undefined },
  ctx: DecideContext,
): Decision {
  assertStatus(task, ['in-progress'], 'released');
  assertHolder(task, by.agent, 'release', by.force);
  const extra: TaskChanges = { assignee: null, lease_expires_at: null };
  const payload = { previous_assignee: task.assignee };
  return transition(task, boardStatus(task), by.agent, 'task.released', extra, payload, ctx.now);
}

/** The holder extends its lease; `lease_seconds` also becomes the length of later renewals. */
export function decideHeartbeat(
  task: TaskState,
  by: { agent: string; lease_seconds?: number | undefined },
  ctx: DecideContext,
): Decision {
  assertLeaseHolder(task, by.agent);
  const patch: TaskChanges = {
    lease_expires_at: leaseUntil(new Date(ctx.now), by.lease_seconds ?? leaseLength(task, ctx)),
    updated_at: ctx.now,
  };
  if (by.lease_seconds !== undefined) patch.lease_seconds = by.lease_seconds;
  return changed(task, patch, 'task.heartbeat', by.agent, (after) => ({
    task_number: after.task_number,
    lease_expires_at: after.lease_expires_at,
  }));
}

/** A note by anyone; written by the holder, it is also a sign of life that extends the lease. */
export function decideNote(task: TaskState, note: { author: string; text: string }, ctx: DecideContext): Decision {
  const patch: TaskChanges = { notes: withNote(task.notes, note.author, note.text, ctx.now), updated_at: ctx.now };
  if (holdsLiveLease(task, note.author)) {
    patch.lease_expires_at = leaseUntil(new Date(ctx.now), leaseLength(task, ctx));
  }
  return changed(task, patch, 'task.note', note.author, (after) => ({
    task_number: after.task_number,
    text: note.text,
  }));
}
