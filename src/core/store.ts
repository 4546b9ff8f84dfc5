import type { EventRecord, ProjectSettings } from './types.js';
import type { TaskStore } from './task-store.js';
import type { DocStore } from './doc-store.js';

export interface EventQuery {
  type?: string | undefined;
  entity_id?: string | undefined;
  actor?: string | undefined;
  after?: number | undefined;
  before?: number | undefined;
  order?: 'asc' | 'desc' | undefined;
  limit: number;
}

/**
 * Every storage operation of one project, each a whole transaction, grouped by resource. Async in
 * signature so that a store over a networked database can stand beside the embedded SQLite one.
 */
export interface ProjectStore {
  readonly projectId: string;
  readonly tasks: TaskStore;
  readonly docs: DocStore;
  getName(): Promise<string>;
  setName(name: string, actor: string): Promise<void>;
  getSettings(): Promise<ProjectSettings>;
  updateSettings(patch: Partial<ProjectSettings>, actor: string): Promise<ProjectSettings>;
  listEvents(query: EventQuery): Promise<EventRecord[]>;
  /** Id of the newest event, 0 when none. */
  latestEventId(): Promise<number>;
  /**
   * A number that changes whenever another connection or process has committed to this project since
   * the last call; what this store commits itself is announced through its commit listener instead.
   */
  outsideCommitMark(): Promise<number>;
  close(): void;
}
