import { formatTaskNumber, parseTaskNumber } from '../../core/rules/numbering.js';
import type { TaskChanges, TaskState } from '../../core/tasks/types.js';
import type { Note, Priority, TaskStatus, VerifyResult } from '../../core/types.js';
import { toJson } from './json.js';

/** A row of `tasks` as node-postgres returns it: arrays as arrays, json parsed, timestamps as Dates. */
export interface PgTaskRow {
  project_id: string;
  number: number;
  id: string;
  title: string;
  description: string;
  status: TaskStatus;
  priority: Priority;
  assignee: string | null;
  epic: string | null;
  tags: string[];
  capabilities: string[];
  depends_on: number[];
  acceptance_criteria: string[];
  context_refs: string[];
  verify: string | null;
  files: string[];
  verify_result: VerifyResult | null;
  notes: Note[];
  deps_met: boolean;
  deps_pending: number;
  blocker_reason: string | null;
  /** Pickups (the name kept from the SQLite schema). */
  attempts: number;
  lapses: number;
  client_key: string | null;
  lease_expires_at: Date | null;
  lease_seconds: number | null;
  created_at: Date;
  updated_at: Date;
  started_at: Date | null;
  completed_at: Date | null;
}

const isoOrNull = (d: Date | null): string | null => (d ? d.toISOString() : null);

/** The task as the decisions in core/tasks read it. */
export function rowToState(row: PgTaskRow): TaskState {
  return {
    id: row.id,
    task_number: formatTaskNumber(row.number),
    title: row.title,
    description: row.description,
    status: row.status,
    priority: row.priority,
    assignee: row.assignee,
    epic: row.epic,
    tags: row.tags,
    capabilities: row.capabilities,
    depends_on: row.depends_on.map(formatTaskNumber),
    deps_met: row.deps_met,
    acceptance_criteria: row.acceptance_criteria,
    context_refs: row.context_refs,
    verify: row.verify,
    files: row.files,
    verify_result: row.verify_result,
    notes: row.notes,
    blocker_reason: row.blocker_reason,
    attempts: row.attempts,
    pickups: row.attempts,
    lapses: row.lapses,
    key: row.client_key,
    lease_expires_at: isoOrNull(row.lease_expires_at),
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
    started_at: isoOrNull(row.started_at),
    completed_at: isoOrNull(row.completed_at),
    lease_seconds: row.lease_seconds,
  };
}

/** T-001, T-002 → 1, 2. */
export function taskNumbers(refs: readonly string[]): number[] {
  return refs.map((r) => parseTaskNumber(r) ?? 0);
}

/** Columns a decision may change, by the domain field that names them. */
const COLUMNS: Partial<Record<keyof TaskChanges, string>> = {
  title: 'title',
  description: 'description',
  status: 'status',
  priority: 'priority',
  assignee: 'assignee',
  epic: 'epic',
  tags: 'tags',
  capabilities: 'capabilities',
  depends_on: 'depends_on',
  acceptance_criteria: 'acceptance_criteria',
  context_refs: 'context_refs',
  verify: 'verify',
  files: 'files',
  verify_result: 'verify_result',
  notes: 'notes',
  deps_met: 'deps_met',
  blocker_reason: 'blocker_reason',
  attempts: 'attempts',
  lapses: 'lapses',
  lease_expires_at: 'lease_expires_at',
  lease_seconds: 'lease_seconds',
  updated_at: 'updated_at',
  started_at: 'started_at',
  completed_at: 'completed_at',
};

/** The columns a decision's changes write, and their values as the driver takes them. */
export function changedColumns(changes: TaskChanges): { columns: string[]; values: unknown[] } {
  const columns: string[] = [];
  const values: unknown[] = [];
  for (const name in changes) {
    const field = name as keyof TaskChanges;
    const column = COLUMNS[field];
    // pickups: the attempts column holds it.
    if (!column) continue;
    const value = changes[field];
    columns.push(column);
    if (field === 'depends_on') values.push(taskNumbers(value as string[]));
    else if (field === 'notes' || field === 'verify_result') values.push(value === null ? null : toJson(value));
    else values.push(value);
  }
  return { columns, values };
}

/** A decision's changes as `column = $n` assignments (from `$first`) and their values. */
export function changesToSet(changes: TaskChanges, first: number): { set: string[]; values: unknown[] } {
  const { columns, values } = changedColumns(changes);
  return { set: columns.map((c, i) => `${c} = $${first + i}`), values };
}
