/** codepakt 0.1/0.2 rows as their SQLite returns them, and what converting them yields. */
import type { DocRow } from '../sqlite/doc-queries.js';
import type { TaskRow } from '../task-rows.js';

/** Their rows, with every column optional: 0.1 and 0.2 differ, and a hand-edited file may too. */
export interface LegacyTask {
  id: string;
  task_number: string;
  title?: string | null;
  description?: string | null;
  status?: string | null;
  assignee?: string | null;
  priority?: string | null;
  epic?: string | null;
  tags?: string | null;
  capabilities?: string | null;
  depends_on?: string | null;
  acceptance_criteria?: string | null;
  context_refs?: string | null;
  verify?: string | null;
  notes?: string | null;
  blocker_reason?: string | null;
  created_at?: string | null;
  updated_at?: string | null;
  started_at?: string | null;
  completed_at?: string | null;
}

export interface LegacyEvent {
  id: string;
  task_id?: string | null;
  agent?: string | null;
  action: string;
  detail?: string | null;
  created_at?: string | null;
}

export interface LegacyDoc {
  id: string;
  type?: string | null;
  title?: string | null;
  body?: string | null;
  section?: string | null;
  tags?: string | null;
  author?: string | null;
  created_at?: string | null;
  updated_at?: string | null;
}

export interface LegacyAgent {
  name: string;
  last_seen?: string | null;
}

export interface LegacyProject {
  schemaVersion: number;
  projectId: string;
  projectName: string;
  /** Their `metadata.next_task_number`: the next number to use, as text. */
  nextTaskNumber?: string | undefined;
  /** In their insertion order. */
  tasks: LegacyTask[];
  events: LegacyEvent[];
  docs: LegacyDoc[];
  agents: LegacyAgent[];
  /** Rows of other project ids sharing the file, left behind (they stay in the backup). */
  otherProjectRows: number;
}

export interface NewEventRow {
  type: string;
  entity_id: string;
  actor: string;
  payload: unknown;
  created_at: string;
}

export interface ImportPlan {
  identity: { id: string; name: string; created_at: string };
  tasks: TaskRow[];
  deps: { task: number; dependsOn: number[] }[];
  tags: { task: number; tags: string[] }[];
  docs: DocRow[];
  agents: { name: string; created_at: string; last_seen: string }[];
  /** In the order they are to be appended (ids grow in this order). */
  events: NewEventRow[];
  lastTaskNumber: number;
  lastDocNumber: number;
  report: MigrationReport;
}

export interface MigrationReport {
  from_schema_version: number;
  project_id: string;
  tasks: number;
  docs: number;
  events: number;
  agents: number;
  other_project_rows: number;
  /** `T-005 → T-099`: dependencies on task numbers that do not exist, dropped. */
  dropped_dependencies: string[];
}
