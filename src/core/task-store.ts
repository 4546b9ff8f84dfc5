import type { TaskSearch, TaskSearchHit } from './rules/task-search.js';
import type { Hold, SkippedTask } from './rules/reservations.js';
import type { Agent, Priority, Task, TaskStatus, VerifyResult } from './types.js';

export interface NewTask {
  title: string;
  description?: string | undefined;
  priority?: Priority | undefined;
  epic?: string | null | undefined;
  tags?: string[] | undefined;
  capabilities?: string[] | undefined;
  depends_on?: string[] | undefined;
  acceptance_criteria?: string[] | undefined;
  context_refs?: string[] | undefined;
  verify?: string | null | undefined;
  /** Path globs (see core/rules/globs.ts); validated by the decision. */
  files?: string[] | undefined;
  status?: 'open' | 'backlog' | undefined;
  /** A client key: creating a task whose key exists returns that task instead (re-runnable batches). */
  key?: string | undefined;
}

/** Any field may change, and any status may be set (the human override). */
export interface TaskPatch extends Partial<Omit<NewTask, 'status' | 'key'>> {
  status?: TaskStatus | undefined;
  assignee?: string | null | undefined;
  blocker_reason?: string | null | undefined;
}

export interface TaskFilter {
  status?: TaskStatus[] | undefined;
  assignee?: string | undefined;
  epic?: string | undefined;
  tag?: string | undefined;
  limit: number;
  cursor?: string | undefined;
}

export interface TaskPage {
  tasks: Task[];
  next_cursor: string | null;
}

/** A TaskPage whose tasks are already the JSON array of the API's task objects (with `project_id`). */
export interface TaskJsonPage {
  tasks_json: string;
  next_cursor: string | null;
}

export interface PickupRequest {
  agent: string;
  lease_seconds?: number | undefined;
  task_ref?: string | undefined;
}

/** A pickup's outcome with the tasks it passed over because another agent holds their files. */
export interface PickupOutcome {
  task: Task | null;
  skipped: SkippedTask[];
}

/** What `done` records of the implementer's verify run (the server stamps who and when). */
export type VerifyReport = Omit<VerifyResult, 'by' | 'recorded_at'>;

export interface BoardStatus {
  counts: Record<TaskStatus, number>;
  total: number;
  blocked: { task_number: string; title: string; blocker_reason: string | null; assignee: string | null }[];
  expired_leases: { task_number: string; title: string; assignee: string | null; lease_expires_at: string | null }[];
  agents: Agent[];
  /** Files held now: live claims and ad-hoc reservations. */
  reservations: Hold[];
}

export interface DoneBy {
  agent: string;
  notes?: string | undefined;
  force?: boolean | undefined;
  verify?: VerifyReport | undefined;
}

/** Task board operations of a project store; each call is one transaction. */
export interface TaskStore {
  create(inputs: NewTask[], actor: string): Promise<Task[]>;
  list(filter: TaskFilter): Promise<TaskPage>;
  /** list, serialized: a page of 1,000 tasks is ~700 KB of JSON, cheapest built where the rows are. */
  listJson(filter: TaskFilter, projectId: string): Promise<TaskJsonPage>;
  get(ref: string): Promise<Task>;
  /** Tasks whose title, description or notes hold every word (src/core/rules/task-search.ts). */
  search(query: TaskSearch): Promise<TaskSearchHit[]>;
  /** The tasks that depend on this one, in board order. */
  dependents(ref: string): Promise<Task[]>;
  mine(agent: string): Promise<Task[]>;
  /** The claimed task, or null when nothing is available. */
  pickup(request: PickupRequest): Promise<Task | null>;
  /** The same pickup, also saying which tasks it passed over because their files are held. */
  pickupExplained(request: PickupRequest): Promise<PickupOutcome>;
  done(ref: string, by: DoneBy): Promise<Task>;
  /** review → done by someone other than the implementer. */
  approve(ref: string, by: { actor: string; notes?: string | undefined }): Promise<Task>;
  /** review → back to the implementer (in-progress), the reason added as a note. */
  reject(ref: string, by: { actor: string; reason: string }): Promise<Task>;
  /** Any unfinished status → cancelled; its dependents no longer wait on it. */
  cancel(ref: string, by: { actor: string; reason: string }): Promise<Task>;
  block(ref: string, by: { actor: string; reason: string }): Promise<Task>;
  unblock(ref: string, by: { actor: string }): Promise<Task>;
  release(ref: string, by: { agent: string; force?: boolean | undefined }): Promise<Task>;
  heartbeat(ref: string, by: { agent: string; lease_seconds?: number | undefined }): Promise<Task>;
  addNote(ref: string, note: { author: string; text: string }): Promise<Task>;
  update(ref: string, patch: TaskPatch, actor: string): Promise<Task>;
  agents(): Promise<Agent[]>;
  agent(name: string): Promise<Agent>;
  board(): Promise<BoardStatus>;
  /** When the next in-progress lease lapses (wakes long-polling pickups), or null. */
  nextLeaseExpiry(): Promise<string | null>;
}
