/** Rows of the PostgreSQL tables ↔ the records of an archive (src/core/archive/format.ts). */
import {
  type AgentRecord,
  type DocRecord,
  type EventRecordLine,
  type TaskRecord,
  withFilesAndVerify,
} from '../../core/archive/format.js';
import { formatDocNumber, formatTaskNumber, parseDocNumber, parseTaskNumber } from '../../core/rules/numbering.js';
import type { DocType } from '../../core/types.js';
import { canonicalNote } from '../sqlite/archive-rows.js';
import type { PgTaskRow } from './task-rows.js';

const isoOrNull = (d: Date | null): string | null => (d ? d.toISOString() : null);

/** The fields in the order SQLite's export writes them: one project gives the same bytes from either store. */
export function taskRecord(row: PgTaskRow): TaskRecord {
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
    tags: row.tags,
    capabilities: row.capabilities,
    depends_on: row.depends_on.map(formatTaskNumber),
    deps_met: row.deps_met,
    acceptance_criteria: row.acceptance_criteria,
    context_refs: row.context_refs,
    verify: row.verify,
    notes: row.notes.map(canonicalNote),
    blocker_reason: row.blocker_reason,
    pickups: row.attempts,
    lapses: row.lapses,
    key: row.client_key,
    lease_expires_at: isoOrNull(row.lease_expires_at),
    lease_seconds: row.lease_seconds,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
    started_at: isoOrNull(row.started_at),
    completed_at: isoOrNull(row.completed_at),
  };
  return withFilesAndVerify(record, row.files, row.verify_result);
}

/** A task record as the JSON record the import's `json_to_recordset` reads (deps_pending is derived afterwards). */
export function taskInsert(t: TaskRecord): Record<string, unknown> {
  return {
    number: parseTaskNumber(t.task_number) ?? 0,
    id: t.id,
    title: t.title,
    description: t.description,
    status: t.status,
    priority: t.priority,
    assignee: t.assignee,
    epic: t.epic,
    tags: t.tags,
    capabilities: t.capabilities,
    depends_on: t.depends_on.map((d) => parseTaskNumber(d) ?? 0),
    acceptance_criteria: t.acceptance_criteria,
    context_refs: t.context_refs,
    verify: t.verify,
    files: t.files ?? [],
    verify_result: t.verify_result ?? null,
    notes: t.notes,
    deps_met: t.deps_met,
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

export interface PgDocRow {
  number: number;
  type: DocType;
  title: string;
  body: string;
  section: string | null;
  tags: string[];
  author: string | null;
  created_at: Date;
  updated_at: Date;
}

export function docRecord(row: PgDocRow): DocRecord {
  return {
    kind: 'doc',
    id: formatDocNumber(row.number),
    type: row.type,
    title: row.title,
    body: row.body,
    section: row.section,
    tags: row.tags,
    author: row.author,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
  };
}

export function docInsert(d: DocRecord): Record<string, unknown> {
  const { kind: _kind, id, ...rest } = d;
  return { number: parseDocNumber(id) ?? 0, ...rest };
}

export interface PgAgentRow {
  name: string;
  created_at: Date;
  last_seen: Date;
}

export function agentRecord(row: PgAgentRow): AgentRecord {
  return {
    kind: 'agent',
    name: row.name,
    created_at: row.created_at.toISOString(),
    last_seen: row.last_seen.toISOString(),
  };
}

export interface PgEventRow {
  seq: number;
  type: string;
  entity_id: string;
  actor: string;
  payload: unknown;
  created_at: Date;
}

export function eventRecord(row: PgEventRow): EventRecordLine {
  return {
    kind: 'event',
    id: row.seq,
    type: row.type,
    entity_id: row.entity_id,
    actor: row.actor,
    payload: row.payload,
    created_at: row.created_at.toISOString(),
  };
}
