import { formatTaskNumber, parseTaskNumber } from '../core/rules/numbering.js';
import type { TaskChanges, TaskState } from '../core/tasks/types.js';
import type { Note, Priority, Task, TaskStatus, VerifyResult } from '../core/types.js';

/** A row of `tasks` exactly as SQLite returns it. */
export interface TaskRow {
  id: string;
  number: number;
  title: string;
  description: string;
  status: TaskStatus;
  priority: Priority;
  assignee: string | null;
  epic: string | null;
  tags: string;
  capabilities: string;
  depends_on: string;
  acceptance_criteria: string;
  context_refs: string;
  verify: string | null;
  /** JSON array of globs; absent only on rows built before the column existed (an import). */
  files?: string;
  /** JSON of the verify run recorded with the last done, or null. */
  verify_result?: string | null;
  notes: string;
  deps_met: number;
  blocker_reason: string | null;
  /** Pickups (the column kept its first name). */
  attempts: number;
  /** Leases that lapsed; absent only on rows built before the column existed (an import). */
  lapses?: number;
  /** The client key of a batch item, unique when set. */
  client_key?: string | null;
  lease_expires_at: string | null;
  /** Lease length of the current pickup; null means the project default. */
  lease_seconds: number | null;
  created_at: string;
  updated_at: string;
  started_at: string | null;
  completed_at: string | null;
}

/** The task as the decisions in core/tasks read it. */
export function rowToState(row: TaskRow): TaskState {
  return {
    id: row.id,
    task_number: formatTaskNumber(row.number),
    title: row.title,
    description: row.description,
    status: row.status,
    priority: row.priority,
    assignee: row.assignee,
    epic: row.epic,
    tags: JSON.parse(row.tags) as string[],
    capabilities: JSON.parse(row.capabilities) as string[],
    depends_on: (JSON.parse(row.depends_on) as number[]).map(formatTaskNumber),
    deps_met: row.deps_met === 1,
    acceptance_criteria: JSON.parse(row.acceptance_criteria) as string[],
    context_refs: JSON.parse(row.context_refs) as string[],
    verify: row.verify,
    files: row.files ? (JSON.parse(row.files) as string[]) : [],
    verify_result: row.verify_result ? (JSON.parse(row.verify_result) as VerifyResult) : null,
    notes: JSON.parse(row.notes) as Note[],
    blocker_reason: row.blocker_reason,
    attempts: row.attempts,
    pickups: row.attempts,
    lapses: row.lapses ?? 0,
    key: row.client_key ?? null,
    lease_expires_at: row.lease_expires_at,
    created_at: row.created_at,
    updated_at: row.updated_at,
    started_at: row.started_at,
    completed_at: row.completed_at,
    lease_seconds: row.lease_seconds,
  };
}

/**
 * The task as clients see it (without the store's lease length). Field by field, in the order the API
 * has always answered with: a literal copy costs a fraction of a spread or a rest pattern on every write.
 */
export function publicTask(s: TaskState): Task {
  return {
    id: s.id,
    task_number: s.task_number,
    title: s.title,
    description: s.description,
    status: s.status,
    priority: s.priority,
    assignee: s.assignee,
    epic: s.epic,
    tags: s.tags,
    capabilities: s.capabilities,
    depends_on: s.depends_on,
    deps_met: s.deps_met,
    acceptance_criteria: s.acceptance_criteria,
    context_refs: s.context_refs,
    verify: s.verify,
    files: s.files,
    verify_result: s.verify_result,
    notes: s.notes,
    blocker_reason: s.blocker_reason,
    attempts: s.attempts,
    pickups: s.pickups,
    lapses: s.lapses,
    key: s.key,
    lease_expires_at: s.lease_expires_at,
    created_at: s.created_at,
    updated_at: s.updated_at,
    started_at: s.started_at,
    completed_at: s.completed_at,
  };
}

export function rowToTask(row: TaskRow): Task {
  return publicTask(rowToState(row));
}

/** Columns a write may set, by name; values already in row form. */
export type TaskRowPatch = Partial<Omit<TaskRow, 'id' | 'number' | 'created_at'>>;

/** T-001, T-002 → 1, 2. */
export function taskNumbers(refs: readonly string[]): number[] {
  return refs.map((r) => parseTaskNumber(r) ?? 0);
}

/** A decision's changes as columns: lists as JSON, flags as 0/1, dependencies by number. */
export function changesToRow(changes: TaskChanges): TaskRowPatch {
  const row: TaskRowPatch = {};
  for (const name in changes) {
    const key = name as keyof TaskChanges;
    const value = changes[key];
    switch (key) {
      case 'pickups':
        break; // the attempts column holds it
      case 'deps_met':
        row.deps_met = value ? 1 : 0;
        break;
      case 'depends_on':
        row.depends_on = JSON.stringify(taskNumbers(value as string[]));
        break;
      case 'verify_result':
        row.verify_result = value === null ? null : JSON.stringify(value);
        break;
      case 'files':
      case 'tags':
      case 'capabilities':
      case 'acceptance_criteria':
      case 'context_refs':
      case 'notes':
        row[key] = JSON.stringify(value);
        break;
      default:
        (row as Record<string, unknown>)[key] = value;
    }
  }
  return row;
}

/** An array as the row's JSON text; most are empty (a batch of 1,000 new tasks has ~6,000 such). */
export function jsonList(values: readonly unknown[]): string {
  return values.length === 0 ? '[]' : JSON.stringify(values);
}
