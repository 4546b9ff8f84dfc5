import { ApiError } from '../errors.js';
import type { TaskStatus } from '../types.js';
import { formatTaskNumber, parseTaskNumber } from './numbering.js';

/**
 * A dependency counts as satisfied once it reaches review: the pipeline moves without waiting for
 * approval. A cancelled dependency no longer holds its dependents back either: the work it stood for
 * will not be done, so waiting on it would keep them in backlog forever.
 */
export function satisfies(status: TaskStatus): boolean {
  return status === 'review' || status === 'done' || status === 'cancelled';
}

/** Statuses that satisfy a dependency, for the stores' queries. */
export const SATISFYING_STATUSES: readonly TaskStatus[] = ['review', 'done', 'cancelled'];

export function allSatisfied(statuses: Iterable<TaskStatus>): boolean {
  for (const s of statuses) if (!satisfies(s)) return false;
  return true;
}

/**
 * The first cycle reachable from `start` in a dependency graph, as a path of task numbers that begins
 * and ends with the same number, or null. `edges(n)` lists what n depends on. `done` holds numbers
 * known to reach no cycle; a caller checking many starts in one graph passes the same set to each, so
 * the graph is walked once in all (a batch whose items form a chain is linear, not quadratic).
 */
export function findCycle(
  start: number,
  edges: (n: number) => readonly number[],
  done: Set<number> = new Set(),
): number[] | null {
  const onPath = new Set<number>();
  const path: number[] = [];
  const visit = (n: number): number[] | null => {
    if (onPath.has(n)) return [...path.slice(path.indexOf(n)), n];
    if (done.has(n)) return null;
    onPath.add(n);
    path.push(n);
    for (const next of edges(n)) {
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    path.pop();
    onPath.delete(n);
    done.add(n);
    return null;
  };
  return visit(start);
}

/** Where a task not yet started belongs once its dependencies are (un)met. */
export function statusForDeps(status: TaskStatus, depsMet: boolean): TaskStatus {
  if (depsMet && status === 'backlog') return 'open';
  if (!depsMet && status === 'open') return 'backlog';
  return status;
}

/** Whether a move from `from` to `to` can change what the task's dependents wait on. */
export function dependentsAffected(from: TaskStatus, to: TaskStatus): boolean {
  return satisfies(from) !== satisfies(to);
}

/**
 * The task numbers `refs` name, in order, without repeats; every one must exist (`exists` answers for
 * tasks already stored and those created in the same batch), else a 400 naming all the unknown ones.
 */
export function resolveDepRefs(refs: readonly string[], field: string, exists: (n: number) => boolean): number[] {
  const out: number[] = [];
  const unknown: string[] = [];
  for (const ref of refs) {
    const n = parseTaskNumber(ref);
    if (n === null || !exists(n)) unknown.push(ref);
    else if (!out.includes(n)) out.push(n);
  }
  if (unknown.length > 0) {
    throw new ApiError(
      'validation_error',
      `${field}: unknown task${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}`,
      [{ path: field, message: `Unknown task number${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}` }],
    );
  }
  return out;
}

export function cycleError(cycle: readonly number[], field: string): ApiError {
  const path = cycle.map(formatTaskNumber).join(' → ');
  return new ApiError('validation_error', `${field}: dependency cycle ${path}`, [
    { path: field, message: `Dependency cycle: ${path}` },
  ]);
}
