import type { Reservation, ReserveRequest } from '../file-store.js';
import { addSeconds, iso } from '../clock.js';
import { collisions, filesHeldError, type Hold, normalizeFiles } from '../rules/reservations.js';
import type { TaskState, TaskEvent } from './types.js';

/** Decisions about file reservations: the files a claim holds, and ad-hoc reservations. Pure. */

/** Longest ad-hoc reservation: a week, as the longest lease. */
export const MAX_RESERVATION_SECONDS = 7 * 24 * 3600;

/**
 * What a store must do with a task's held files after a decision: `set` them (it became a live claim,
 * or a claim's files or holder changed), `clear` them (it is no longer in progress), or nothing.
 */
export function claimFilesChange(before: TaskState, after: TaskState): 'set' | 'clear' | null {
  if (before.files.length === 0 && after.files.length === 0) return null;
  const holding = after.status === 'in-progress' && after.assignee !== null;
  const held = before.status === 'in-progress' && before.assignee !== null;
  if (!holding) return held ? 'clear' : null;
  if (!held || before.assignee !== after.assignee || before.files !== after.files) return 'set';
  return null;
}

/** The hold of a live claim. */
export function claimHold(task: Pick<TaskState, 'task_number' | 'assignee' | 'files' | 'lease_expires_at'>): Hold {
  return {
    kind: 'task',
    ref: task.task_number,
    agent: task.assignee ?? '',
    files: task.files,
    shared: false,
    until: task.lease_expires_at,
  };
}

export function reservationHold(r: Reservation): Hold {
  return { kind: 'reservation', ref: r.id, agent: r.agent, files: r.files, shared: r.shared, until: r.expires_at };
}

/** Only live holds count; a store may hand over holds whose lease or expiry has just passed. */
export function liveHolds(holds: readonly Hold[], now: string): Hold[] {
  return holds.filter((h) => h.until === null || h.until > now);
}

/**
 * A new reservation with the id the store chose: refused (409 naming the holders) when it overlaps a
 * live hold of another agent, unless both are shared.
 */
export function decideReserve(
  req: ReserveRequest,
  id: string,
  holds: readonly Hold[],
  ctx: { now: string; settings: { lease_seconds: number } },
): { reservation: Reservation; event: TaskEvent } {
  const files = normalizeFiles(req.files);
  const found = collisions(files, { agent: req.agent, shared: req.shared }, liveHolds(holds, ctx.now));
  if (found.length > 0) throw filesHeldError(`Cannot reserve ${files.join(', ')}`, found);
  const seconds = req.ttl_seconds ?? ctx.settings.lease_seconds;
  const reservation: Reservation = {
    id,
    agent: req.agent,
    files,
    shared: req.shared ?? false,
    created_at: ctx.now,
    expires_at: iso(addSeconds(new Date(ctx.now), seconds)),
  };
  return {
    reservation,
    event: { type: 'files.reserved', entity_id: id, actor: req.agent, payload: { ...reservation } },
  };
}

/** Which of an agent's live reservations a release names, and the events recording it. */
export function decideReleaseReservations(
  mine: readonly Reservation[],
  req: { agent: string; ids?: string[] | undefined; files?: string[] | undefined },
): { released: Reservation[]; events: TaskEvent[] } {
  const ids = req.ids && req.ids.length > 0 ? new Set(req.ids.map((i) => i.toUpperCase())) : undefined;
  const files = req.files && req.files.length > 0 ? new Set(normalizeFiles(req.files)) : undefined;
  const released = mine.filter(
    (r) => r.agent === req.agent && (!ids || ids.has(r.id)) && (!files || r.files.some((f) => files.has(f))),
  );
  const events = released.map(
    (r): TaskEvent => ({ type: 'files.released', entity_id: r.id, actor: req.agent, payload: { ...r } }),
  );
  return { released, events };
}
