import { parseTaskNumber } from '../rules/numbering.js';
import type { Note, Task } from '../types.js';
import type { Decision, TaskChanges, TaskEvent, TaskState } from './types.js';

/** The notes with `text` appended, unless it is blank (a done without notes adds none). */
export function withNote(notes: readonly Note[], author: string, text: string | undefined, now: string): Note[] {
  const out = [...notes];
  if (text !== undefined && text.trim() !== '') out.push({ author, text, created_at: now });
  return out;
}

export function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}

/** The number of a task (T-012 → 12). */
export function numberOf(task: Pick<Task, 'task_number'>): number {
  return parseTaskNumber(task.task_number) ?? 0;
}

/** A decision that changes `patch` and records one event of `type` whose payload `payload` builds from the result. */
export function changed(
  task: TaskState,
  patch: TaskChanges,
  type: string,
  actor: string,
  payload: (after: TaskState) => Record<string, unknown>,
): Decision {
  const after: TaskState = { ...task, ...patch };
  const event: TaskEvent = { type, entity_id: after.id, actor, payload: payload(after) };
  return { task: after, patch, events: [event] };
}

/** A decision that changes nothing and records nothing. */
export function unchanged(task: TaskState): Decision {
  return { task, patch: {}, events: [] };
}
