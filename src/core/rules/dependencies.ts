import type { TaskStatus } from './types.js';

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
 * and ends with the same number, or null. `edges(n)` lists what n depends on.
 */
export function findCycle(start: number, edges: (n: number) => readonly number[]): number[] | null {
  const onPath = new Set<number>();
  const done = new Set<number>();
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
