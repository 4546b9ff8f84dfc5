/**
 * Moving a card between columns does what the task panel's buttons do, nothing more: each allowed
 * move is one of those actions, and any other move is refused with the reason, before asking the server.
 */
import type { Task, TaskStatus } from '../api.js';
import { STATUS_LABELS } from './board.js';

export type MoveAction =
  | { kind: 'approve' }
  | { kind: 'reject'; needsReason: true }
  | { kind: 'block'; needsReason: true }
  | { kind: 'unblock' }
  | { kind: 'release' }
  | { kind: 'status'; to: 'backlog' | 'open' };

export type MovePlan = { ok: true; action: MoveAction } | { ok: false; why: string };

/** Where a card may be dropped, in board order (the Blocked band first). */
export const DROP_TARGETS: readonly TaskStatus[] = ['blocked', 'backlog', 'open', 'in-progress', 'review', 'done'];

export function planMove(task: Task, to: TaskStatus): MovePlan {
  const from = task.status;
  const label = STATUS_LABELS[to];
  if (from === to) return { ok: false, why: `${task.task_number} is already in ${label}` };
  if (from === 'done' || from === 'cancelled')
    return { ok: false, why: `${task.task_number} is ${from}: edit it to change its status` };
  if (to === 'blocked') {
    if (from === 'backlog' || from === 'open' || from === 'in-progress')
      return { ok: true, action: { kind: 'block', needsReason: true } };
    return { ok: false, why: `A task in ${STATUS_LABELS[from]} cannot be blocked` };
  }
  if (from === 'blocked')
    return to === 'open'
      ? { ok: true, action: { kind: 'unblock' } }
      : { ok: false, why: `A blocked task goes back to Open when unblocked` };
  if (from === 'review') {
    if (to === 'done') return { ok: true, action: { kind: 'approve' } };
    if (to === 'in-progress') return { ok: true, action: { kind: 'reject', needsReason: true } };
    return { ok: false, why: 'A task in review is approved (→ Done) or sent back (→ In Progress)' };
  }
  if (to === 'done') return { ok: false, why: 'Only a task in review can be approved' };
  if (to === 'review') return { ok: false, why: 'Its implementer sends a task to review (cpk task done)' };
  if (to === 'in-progress') return { ok: false, why: 'An agent starts a task by picking it up (cpk task pickup)' };
  if (from === 'in-progress') {
    return to === 'open'
      ? { ok: true, action: { kind: 'release' } }
      : { ok: false, why: 'A task in progress is released to Open first' };
  }
  // backlog ↔ open: the status override of the edit form; the server refuses unmet dependencies.
  if (to === 'open' && !task.deps_met)
    return { ok: false, why: `${task.task_number} waits on ${task.depends_on.join(', ')}` };
  return { ok: true, action: { kind: 'status', to: to as 'backlog' | 'open' } };
}

/** The column a keyboard move lands in: the next or previous drop target. */
export function neighbour(status: TaskStatus, step: 1 | -1): TaskStatus | null {
  // Unblocking lands in Open, so that is the blocked card's next column.
  if (status === 'blocked') return step === 1 ? 'open' : null;
  const i = DROP_TARGETS.indexOf(status);
  if (i < 0) return null;
  return DROP_TARGETS[i + step] ?? null;
}
