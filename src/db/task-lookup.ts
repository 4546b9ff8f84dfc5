import { ApiError } from '../core/errors.js';
import { formatTaskNumber, parseTaskNumber } from '../core/task-number.js';
import type { NewTask } from '../core/task-store.js';
import type { Note } from '../core/types.js';
import type { Db } from './database.js';
import type { TaskRow } from './task-rows.js';
import * as q from './tasks.js';

/** For each input, the task already created with its key (or undefined); a key repeated within the batch is refused. */
export function keyedTasks(db: Db, inputs: readonly NewTask[]): (TaskRow | undefined)[] {
  const seen = new Map<string, number>();
  return inputs.map((input, i) => {
    if (input.key === undefined) return undefined;
    const earlier = seen.get(input.key);
    if (earlier !== undefined)
      throw new ApiError('validation_error', `[${i}].key: repeats [${earlier}].key "${input.key}"`, [
        { path: `${i}.key`, message: `Repeats the key of item ${earlier}` },
      ]);
    seen.set(input.key, i);
    return q.taskByKey(db, input.key);
  });
}

export function findTask(db: Db, ref: string): TaskRow {
  const row = q.taskByRef(db, ref);
  if (!row) throw new ApiError('task_not_found', `No task ${ref} in this project`);
  return row;
}

/** Task numbers a task depends on; each must exist (or be created in the same batch). */
export function resolveDepRefs(db: Db, refs: readonly string[], field: string, batch: readonly number[]): number[] {
  const out: number[] = [];
  const unknown: string[] = [];
  for (const ref of refs) {
    const n = parseTaskNumber(ref);
    if (n === null || (!batch.includes(n) && !q.taskByNumber(db, n))) unknown.push(ref);
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

export function cycleError(cycle: number[], field: string): ApiError {
  const path = cycle.map(formatTaskNumber).join(' → ');
  return new ApiError('validation_error', `${field}: dependency cycle ${path}`, [
    { path: field, message: `Dependency cycle: ${path}` },
  ]);
}

export function appendNote(row: TaskRow, author: string, text: string | undefined, now: string): string {
  const notes = JSON.parse(row.notes) as Note[];
  if (text !== undefined && text.trim() !== '') notes.push({ author, text, created_at: now });
  return JSON.stringify(notes);
}

export function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}

export function encodeCursor(row: TaskRow): string {
  return `${row.priority}.${row.number}`;
}

export function decodeCursor(cursor: string): { priority: string; number: number } {
  const m = /^(P[0-2])\.(\d{1,12})$/.exec(cursor);
  if (!m)
    throw new ApiError('validation_error', 'cursor: not a cursor this server issued', [
      { path: 'cursor', message: 'Invalid cursor' },
    ]);
  return { priority: m[1] ?? 'P0', number: Number(m[2]) };
}
