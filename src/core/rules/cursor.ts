import { ApiError } from '../errors.js';

/** Where a page of the task list ends, in board order (priority, then number). */
export interface TaskCursor {
  priority: string;
  number: number;
}

/** Opaque to clients; `P1.42` today, so any store can page with a keyset `(priority, number) > …`. */
export function encodeCursor(at: TaskCursor): string {
  return `${at.priority}.${at.number}`;
}

export function decodeCursor(cursor: string): TaskCursor {
  const m = /^(P[0-2])\.(\d{1,12})$/.exec(cursor);
  if (!m)
    throw new ApiError('validation_error', 'cursor: not a cursor this server issued', [
      { path: 'cursor', message: 'Invalid cursor' },
    ]);
  return { priority: m[1] ?? 'P0', number: Number(m[2]) };
}
