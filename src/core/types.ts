/** Domain shapes shared by the stores, the rules and the routes (snake_case, as on the wire). */

export const TASK_STATUSES = ['backlog', 'open', 'in-progress', 'review', 'done', 'blocked', 'cancelled'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

export const PRIORITIES = ['P0', 'P1', 'P2'] as const;
export type Priority = (typeof PRIORITIES)[number];

export const DOC_TYPES = ['operational', 'decision', 'reference', 'learning'] as const;
export type DocType = (typeof DOC_TYPES)[number];

export interface ProjectSettings {
  lease_seconds: number;
  max_attempts: number;
}

export const DEFAULT_SETTINGS: ProjectSettings = { lease_seconds: 3600, max_attempts: 3 };

/** Where a project's data lives: in its folder (`<path>/.codepakt/data.db`), or with the server. */
export type ProjectKind = 'folder' | 'hosted';

export interface Project {
  id: string;
  name: string;
  kind: ProjectKind;
  /** The project folder on the server machine; null for a hosted project. */
  path: string | null;
  created_at: string;
  settings: ProjectSettings;
  /** Why the project's database cannot be used (folder deleted, file damaged); absent when it works. */
  unavailable?: string;
}

export interface Note {
  author: string;
  text: string;
  created_at: string;
}

/** How a task's `verify` command went when its implementer reported it done (`cpk task done`). */
export interface VerifyResult {
  /** `skipped`: reported with --no-verify. */
  status: 'passed' | 'failed' | 'timed_out' | 'skipped';
  command: string | null;
  exit_code: number | null;
  duration_ms: number | null;
  /** The last lines of its output (stdout and stderr together). */
  output_tail: string;
  /** Who ran it and when the server recorded it. */
  by: string;
  recorded_at: string;
}

export interface Task {
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
  /** Path globs of the files the task touches; reserved for its holder while its lease lives. */
  files: string[];
  /** The verify run recorded with the last done, or null. */
  verify_result: VerifyResult | null;
  notes: Note[];
  blocker_reason: string | null;
  /** Pickups of the task (older name of `pickups`, kept for clients that read it). */
  attempts: number;
  /** How many times the task was picked up. */
  pickups: number;
  /** How many leases on it lapsed; `max_attempts` lapses block it. */
  lapses: number;
  /** The client key it was created with (batch items may carry one), or null. */
  key: string | null;
  lease_expires_at: string | null;
  created_at: string;
  updated_at: string;
  started_at: string | null;
  completed_at: string | null;
}

export interface EventRecord {
  id: number;
  type: string;
  entity_id: string;
  actor: string;
  payload: unknown;
  created_at: string;
}

export interface Agent {
  name: string;
  status: 'working' | 'idle';
  current_task: string | null;
  lease_expires_at: string | null;
  tasks_in_progress: number;
  tasks_in_review: number;
  last_seen: string;
}

export interface Doc {
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
