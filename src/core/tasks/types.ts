import type { ProjectSettings, TaskStatus } from '../types.js';
import type { Task } from '../types.js';

/** A task as a store holds it: the task clients see, plus the lease length its current pickup asked for. */
export interface TaskState extends Task {
  /** Null means the project default. */
  lease_seconds: number | null;
}

/** Fields a decision changes, in domain form; the store maps them to its columns. */
export type TaskChanges = Partial<Omit<TaskState, 'id' | 'task_number' | 'created_at' | 'key'>>;

/** An event to append in the same transaction as the change it records. */
export interface TaskEvent {
  type: string;
  entity_id: string;
  actor: string;
  payload: Record<string, unknown>;
}

/** What a decision returns: the task after it, the changed fields, and the events that record it. */
export interface Decision {
  task: TaskState;
  patch: TaskChanges;
  events: TaskEvent[];
}

/**
 * What a decision may read besides the task. `settings` is read as a property so that a store can load
 * it lazily (most decisions never look at it).
 */
export interface DecideContext {
  /** ISO 8601 UTC, the transaction's time. */
  readonly now: string;
  readonly settings: ProjectSettings;
}

/**
 * The dependency graph as a decision sees it: synchronous reads, so a store may serve them from an
 * in-process database or from rows it loaded before deciding.
 */
export interface DependencyView {
  /** Status of task number `n`, or undefined when there is no such task. */
  statusOf(n: number): TaskStatus | undefined;
  /** Task numbers `n` depends on. */
  dependsOn(n: number): readonly number[];
}

/** A dependency that holds a task back, as named in a refusal. */
export interface UnmetDependency {
  task_number: string;
  status: TaskStatus;
}
