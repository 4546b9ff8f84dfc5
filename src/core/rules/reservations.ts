import { ApiError } from '../errors.js';
import type { Reservation } from '../file-store.js';
import type { TaskEvent } from '../tasks/types.js';
import type { Task } from '../types.js';
import { type Glob, GlobError, parseGlob } from './globs.js';
import { globsOverlap } from './globs-overlap.js';

/**
 * File reservations: what a live claim or an ad-hoc reservation holds, and when two collide. A task's
 * files are held by its assignee while it is in progress under a live lease (a lease with no expiry, set
 * by hand, holds until the task leaves in-progress). An ad-hoc reservation holds until it expires or is
 * released. Exclusive holds collide with any overlapping hold of another agent; two shared ones do not.
 * An agent never collides with itself.
 */

export const MAX_FILES = 100;

/** Something holding files: a task's live claim or an ad-hoc reservation. */
export interface Hold {
  kind: 'task' | 'reservation';
  /** T-001 for a claim, R-1 for an ad-hoc reservation. */
  ref: string;
  agent: string;
  files: string[];
  shared: boolean;
  /** When it stops holding; null for a claim whose lease never lapses. */
  until: string | null;
}

export interface Collision {
  hold: Hold;
  /** The wanted globs that overlap it, and its globs they overlap. */
  wanted: string[];
  held: string[];
}

/** Whether a claim's files are held now. */
export function claimHolds(task: Pick<Task, 'status' | 'assignee' | 'lease_expires_at'>, now: string): boolean {
  return (
    task.status === 'in-progress' &&
    task.assignee !== null &&
    (task.lease_expires_at === null || task.lease_expires_at > now)
  );
}

/**
 * The end of an ad-hoc reservation that ran out, as its reserve and release are recorded (`files.*`,
 * the reservation as payload). Recorded once, by the first write that finds it expired, as a lapsed
 * lease is recorded by the next pickup.
 */
export function reservationExpiredEvent(r: Reservation): TaskEvent {
  return { type: 'files.expired', entity_id: r.id, actor: 'system', payload: { ...r } };
}

/** Parse globs a client sent in `field` (`files`, `[2].files`): a 400 naming the entry when one is not a glob. */
export function parseFiles(files: readonly string[], field: string): Glob[] {
  if (files.length > MAX_FILES)
    throw new ApiError('validation_error', `${field}: at most ${MAX_FILES} globs`, [
      { path: field, message: `At most ${MAX_FILES} globs` },
    ]);
  return files.map((text, i) => {
    try {
      return parseGlob(text);
    } catch (err) {
      if (!(err instanceof GlobError)) throw err;
      const path = `${field}.${i}`;
      throw new ApiError('validation_error', `${path}: "${text}" ${err.message}`, [
        { path, message: `Not a glob: ${err.message}` },
      ]);
    }
  });
}

/** The globs as stored: each once, in the order given, a trailing `/` written as `/**`. */
export function normalizeFiles(files: readonly string[], field = 'files'): string[] {
  return [...new Set(parseFiles(files, field).map((g) => g.source))];
}

const parsedGlobs = new Map<string, Glob>();

/** Stored globs parse the same every time: a pickup checking many candidates parses each once. */
function parsed(text: string): Glob {
  let glob = parsedGlobs.get(text);
  if (!glob) {
    if (parsedGlobs.size >= 10_000) parsedGlobs.clear();
    glob = parseGlob(text);
    parsedGlobs.set(text, glob);
  }
  return glob;
}

/** The holds of other agents that `wanted` (held as `shared` or not, by `agent`) collides with. */
export function collisions(
  wanted: readonly string[],
  by: { agent: string; shared?: boolean | undefined },
  holds: readonly Hold[],
): Collision[] {
  if (wanted.length === 0 || holds.length === 0) return [];
  const mine = wanted.map(parsed);
  const out: Collision[] = [];
  for (const hold of holds) {
    if (hold.agent === by.agent || (hold.shared && by.shared)) continue;
    const wantedHit = new Set<string>();
    const heldHit = new Set<string>();
    for (const h of hold.files) {
      const theirs = parsed(h);
      for (const g of mine)
        if (globsOverlap(g, theirs)) {
          wantedHit.add(g.source);
          heldHit.add(h);
        }
    }
    if (heldHit.size > 0) out.push({ hold, wanted: [...wantedHit], held: [...heldHit] });
  }
  return out;
}

/** `src/a/** by builder-2 (T-004, until 2026-12-01T18:00:00.000Z)`. */
export function describeCollision(c: Collision): string {
  const until = c.hold.until ? `until ${c.hold.until}` : 'with no lease end';
  const shared = c.hold.shared ? 'shared, ' : '';
  return `${c.held.join(', ')} held by ${c.hold.agent} (${shared}${c.hold.ref}, ${until})`;
}

/** The 409 of a claim (`pickup --id`) or a reservation whose files are held by another agent. */
export function filesHeldError(what: string, found: readonly Collision[]): ApiError {
  return new ApiError(
    'conflict',
    `${what}: files held by another agent: ${found.map(describeCollision).join('; ')}`,
    found.map((c) => ({
      path: 'files',
      message: `${c.wanted.join(', ')} overlaps ${describeCollision(c)}`,
    })),
  );
}

/** A task pickup passed over, and why (`pickup --explain`). */
export interface SkippedTask {
  task_number: string;
  title: string;
  held_by: string;
  hold: string;
  files: string[];
  until: string | null;
}

export function skippedFor(task: Pick<Task, 'task_number' | 'title'>, found: readonly Collision[]): SkippedTask {
  const first = found[0];
  return {
    task_number: task.task_number,
    title: task.title,
    held_by: first?.hold.agent ?? '',
    hold: first?.hold.ref ?? '',
    files: [...new Set(found.flatMap((c) => c.held))],
    until: first?.hold.until ?? null,
  };
}
