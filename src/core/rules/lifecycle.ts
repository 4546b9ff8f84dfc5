import { ApiError } from '../errors.js';
import type { Task, TaskStatus } from '../types.js';

/** Reasons an agent's lifecycle call is refused; the messages name the task, its state and its holder. */

export function assertHolder(task: Task, agent: string, action: string, force = false): void {
  if (force || task.assignee === agent) return;
  const holder = task.assignee ? `is held by ${task.assignee}` : 'has no assignee';
  throw new ApiError(
    'conflict',
    `${task.task_number} ${holder}; ${agent} cannot ${action} it${task.assignee ? ' (override with --force)' : ''}`,
  );
}

/** Only the holder of a live task extends its lease. Said without guessing whether the caller ever held it. */
export function assertLeaseHolder(task: Task, agent: string): void {
  if (task.status === 'in-progress' && task.assignee === agent) return;
  const now = task.status === 'in-progress' ? `it is held by ${task.assignee ?? 'nobody'}` : `it is ${task.status}`;
  throw new ApiError(
    'conflict',
    `${agent} does not hold ${task.task_number} (${now}); only its holder can extend the lease`,
  );
}

export function assertStatus(task: Task, allowed: readonly TaskStatus[], action: string): void {
  if (allowed.includes(task.status)) return;
  throw new ApiError(
    'conflict',
    `${task.task_number} is ${task.status}; only ${allowed.join(' or ')} tasks can be ${action}`,
  );
}

/**
 * What `done` on a review task means. The implementer (its assignee) never approves its own work: a
 * repeated done by it is a no-op that returns the task (safe to retry after a timeout). Anyone else
 * approves it.
 */
export function reviewDone(task: Task, agent: string): 'no-op' | 'approve' {
  return task.assignee !== null && task.assignee === agent ? 'no-op' : 'approve';
}

/** An explicit approval: refused for the implementer. */
export function assertCanApprove(task: Task, agent: string): void {
  assertStatus(task, ['review'], 'approved');
  if (task.assignee !== null && task.assignee === agent) {
    throw new ApiError('conflict', `${task.task_number} was implemented by ${agent}; someone else must approve it`);
  }
}

/** Statuses a task can be cancelled from: anything not finished. */
export const CANCELLABLE: readonly TaskStatus[] = ['backlog', 'open', 'in-progress', 'review', 'blocked'];

/** Statuses an agent or a person can block. */
export const BLOCKABLE: readonly TaskStatus[] = ['backlog', 'open', 'in-progress'];

/** Where a task goes back to when nobody works on it: the board if its dependencies are met, else backlog. */
export function boardStatus(task: Pick<Task, 'deps_met'>): 'open' | 'backlog' {
  return task.deps_met ? 'open' : 'backlog';
}

/** Why a specific task cannot be picked up, for the 409 of `pickup --id`. */
export function pickupRefusal(task: Task, unmet: readonly { task_number: string; status: TaskStatus }[]): string {
  if (task.status === 'in-progress') return `${task.task_number} is already taken by ${task.assignee ?? 'someone'}`;
  if (task.status !== 'open' && !(task.status === 'backlog' && unmet.length > 0))
    return `${task.task_number} is ${task.status}, not open`;
  if (unmet.length > 0)
    return `${task.task_number} has unmet dependencies: ${unmet.map((d) => `${d.task_number} (${d.status})`).join(', ')}`;
  return `${task.task_number} cannot be picked up`;
}

/** A task reference (T-001 or an id) that names no task of the project. */
export function taskNotFound(ref: string): ApiError {
  return new ApiError('task_not_found', `No task ${ref} in this project`);
}

/** Timestamp fields that follow a status change made by any route. */
export function statusTimestamps(
  task: Pick<Task, 'started_at' | 'completed_at'>,
  next: TaskStatus,
  now: string,
): { started_at: string | null; completed_at: string | null } {
  return {
    started_at: next === 'in-progress' && !task.started_at ? now : task.started_at,
    completed_at: next === 'done' ? now : null,
  };
}
