/** Rows of a project database ↔ the records of an archive (src/core/archive/format.ts). */
import type { AgentRecord, DocRecord, EventRecordLine, TaskRecord } from '../../core/archive/format.js';
import { formatTaskNumber, parseTaskNumber } from '../../core/rules/numbering.js';
import type { Note, VerifyResult } from '../../core/types.js';
import { withFilesAndVerify } from '../../core/archive/format.js';
import type { AgentRow } from './agents.js';
import type { DocRow } from './doc-queries.js';
import type { TaskRow } from '../task-rows.js';

/**
 * Every column an archive carries, table by table; test/e2e/projects/archive-schema.test.ts compares them
 * with the migrated schema, so a column added to a table without a place in the archive fails there
 * rather than being lost by the next export. task_deps, task_tags and docs_fts are derived on import.
 */
export const ARCHIVED_COLUMNS = {
  tasks: [
    'id',
    'number',
    'title',
    'description',
    'status',
    'priority',
    'assignee',
    'epic',
    'tags',
    'capabilities',
    'depends_on',
    'acceptance_criteria',
    'context_refs',
    'verify',
    'notes',
    'deps_met',
    'blocker_reason',
    'attempts',
    'lease_expires_at',
    'created_at',
    'updated_at',
    'started_at',
    'completed_at',
    'lease_seconds',
    'lapses',
    'client_key',
    'files',
    'verify_result',
  ],
  docs: ['id', 'number', 'type', 'title', 'body', 'section', 'tags', 'author', 'created_at', 'updated_at'],
  agents: ['name', 'created_at', 'last_seen'],
  events: ['id', 'type', 'entity_id', 'actor', 'payload', 'created_at'],
} as const;

/** Author, text and time first, then whatever else a note carries: one order, whatever the store wrote. */
export function canonicalNote(note: Note): Note {
  const { author, text, created_at, ...rest } = note;
  return { author, text, created_at, ...rest };
}

export function taskRecord(row: TaskRow): TaskRecord {
  const record: TaskRecord = {
    kind: 'task',
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
    notes: (JSON.parse(row.notes) as Note[]).map(canonicalNote),
    blocker_reason: row.blocker_reason,
    pickups: row.attempts,
    lapses: row.lapses ?? 0,
    key: row.client_key ?? null,
    lease_expires_at: row.lease_expires_at,
    lease_seconds: row.lease_seconds,
    created_at: row.created_at,
    updated_at: row.updated_at,
    started_at: row.started_at,
    completed_at: row.completed_at,
  };
  return withFilesAndVerify(
    record,
    row.files ? (JSON.parse(row.files) as string[]) : [],
    row.verify_result ? (JSON.parse(row.verify_result) as VerifyResult) : null,
  );
}

export function taskRow(t: TaskRecord, deps: readonly number[]): TaskRow {
  return {
    id: t.id,
    number: parseTaskNumber(t.task_number) ?? 0,
    title: t.title,
    description: t.description,
    status: t.status,
    priority: t.priority,
    assignee: t.assignee,
    epic: t.epic,
    tags: JSON.stringify(t.tags),
    capabilities: JSON.stringify(t.capabilities),
    depends_on: JSON.stringify(deps),
    acceptance_criteria: JSON.stringify(t.acceptance_criteria),
    context_refs: JSON.stringify(t.context_refs),
    verify: t.verify,
    files: JSON.stringify(t.files ?? []),
    verify_result: t.verify_result ? JSON.stringify(t.verify_result) : null,
    notes: JSON.stringify(t.notes),
    deps_met: t.deps_met ? 1 : 0,
    blocker_reason: t.blocker_reason,
    attempts: t.pickups,
    lapses: t.lapses,
    client_key: t.key,
    lease_expires_at: t.lease_expires_at,
    lease_seconds: t.lease_seconds,
    created_at: t.created_at,
    updated_at: t.updated_at,
    started_at: t.started_at,
    completed_at: t.completed_at,
  };
}

export function docRecord(row: DocRow): DocRecord {
  return {
    kind: 'doc',
    id: row.id,
    type: row.type,
    title: row.title,
    body: row.body,
    section: row.section,
    tags: JSON.parse(row.tags) as string[],
    author: row.author,
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}

export function docRow(d: DocRecord, number: number): DocRow {
  return {
    id: d.id,
    number,
    type: d.type,
    title: d.title,
    body: d.body,
    section: d.section,
    tags: JSON.stringify(d.tags),
    author: d.author,
    created_at: d.created_at,
    updated_at: d.updated_at,
  };
}

export function agentRecord(row: AgentRow): AgentRecord {
  return { kind: 'agent', name: row.name, created_at: row.created_at, last_seen: row.last_seen };
}

export interface EventRow {
  id: number;
  type: string;
  entity_id: string;
  actor: string;
  payload: string;
  created_at: string;
}

export function eventRecord(row: EventRow): EventRecordLine {
  return {
    kind: 'event',
    id: row.id,
    type: row.type,
    entity_id: row.entity_id,
    actor: row.actor,
    payload: JSON.parse(row.payload) as unknown,
    created_at: row.created_at,
  };
}
