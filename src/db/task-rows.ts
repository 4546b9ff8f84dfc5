import { formatTaskNumber } from '../core/task-number.js';
import type { Note, Priority, Task, TaskStatus } from '../core/types.js';

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

export function rowToTask(row: TaskRow): Task {
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
  };
}

/** Columns a write may set, by name; values already in row form. */
export type TaskRowPatch = Partial<Omit<TaskRow, 'id' | 'number' | 'created_at'>>;
