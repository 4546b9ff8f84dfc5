/**
 * The project archive: JSON Lines, one record per line, in a fixed order (docs/archive-format.md).
 * A header names the format, its version and the project; then every agent, task, doc and event;
 * then a trailer with the counts, so that a truncated archive is told apart from a whole one.
 */
import type { DocType, Note, Priority, ProjectSettings, TaskStatus, VerifyResult } from '../types.js';

export const ARCHIVE_FORMAT = 'codepakt-archive';
export const ARCHIVE_VERSION = 1;
/** The media type the archive travels as, both ways. */
export const ARCHIVE_MEDIA_TYPE = 'application/x-ndjson';

/** An archive uploaded for import is at most this large; its streamed body is not held by the JSON body limit. */
export const MAX_ARCHIVE_BYTES = 4 * 1024 ** 3;
/** One line at most: a task with long notes, or an event holding its snapshot, stays far below it. */
export const MAX_LINE_BYTES = 16 * 1024 ** 2;

export interface ArchiveProject {
  id: string;
  name: string;
  created_at: string;
  settings: ProjectSettings;
  /** The number the next task made in the project gets (numbering continues from it). */
  next_task_number: number;
  next_doc_number: number;
}

export interface HeaderRecord {
  kind: 'header';
  format: typeof ARCHIVE_FORMAT;
  version: typeof ARCHIVE_VERSION;
  project: ArchiveProject;
}

export interface AgentRecord {
  kind: 'agent';
  name: string;
  created_at: string;
  last_seen: string;
}

export interface TaskRecord {
  kind: 'task';
  id: string;
  task_number: string;
  title: string;
  description: string;
  status: TaskStatus;
  priority: Priority;
  assignee: string | null;
  epic: string | null;
  tags: string[];
  capabilities: string[];
  depends_on: string[];
  deps_met: boolean;
  acceptance_criteria: string[];
  context_refs: string[];
  verify: string | null;
  /** Path globs; written only when the task names files (older archives have none). */
  files?: string[];
  /** The verify run recorded with the last done; written only when there is one. */
  verify_result?: VerifyResult;
  notes: Note[];
  blocker_reason: string | null;
  pickups: number;
  lapses: number;
  key: string | null;
  lease_expires_at: string | null;
  /** The lease length the current pickup asked for; null: the project's. */
  lease_seconds: number | null;
  created_at: string;
  updated_at: string;
  started_at: string | null;
  completed_at: string | null;
}

export interface DocRecord {
  kind: 'doc';
  id: string;
  type: DocType;
  title: string;
  body: string;
  section: string | null;
  tags: string[];
  author: string | null;
  created_at: string;
  updated_at: string;
}

export interface EventRecordLine {
  kind: 'event';
  id: number;
  type: string;
  entity_id: string;
  actor: string;
  payload: unknown;
  created_at: string;
}

export interface ArchiveCounts {
  agents: number;
  tasks: number;
  docs: number;
  events: number;
}

export interface TrailerRecord {
  kind: 'trailer';
  counts: ArchiveCounts;
}

/** What a project is made of, after its header: the lines between header and trailer. */
export type EntityRecord = AgentRecord | TaskRecord | DocRecord | EventRecordLine;
export type ArchiveRecord = HeaderRecord | EntityRecord | TrailerRecord;

/** The sections in the order an archive holds them; each section's records are in one order too. */
export const SECTIONS = ['agent', 'task', 'doc', 'event'] as const;
export type Section = (typeof SECTIONS)[number];

export const COUNT_OF: Record<Section, keyof ArchiveCounts> = {
  agent: 'agents',
  task: 'tasks',
  doc: 'docs',
  event: 'events',
};

/** A task record with its files and verify result, each only when there is one (older archives stay byte for byte the same). */
export function withFilesAndVerify(record: TaskRecord, files: string[], verify: VerifyResult | null): TaskRecord {
  if (files.length > 0) record.files = files;
  if (verify) record.verify_result = verify;
  return record;
}
