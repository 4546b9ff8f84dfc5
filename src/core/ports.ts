import type { ProjectArchives } from './archive/port.js';
import type { DocStore } from './doc-store.js';
import type { FileStore } from './file-store.js';
import type { TaskStore } from './task-store.js';
import type { EventRecord, Project, ProjectSettings } from './types.js';

/**
 * The storage boundary. A catalog knows the projects a server serves and opens each one's store; a
 * store holds every storage operation of one project, each a whole transaction. Every method is async
 * so that a store over a networked database stands beside the embedded one; only the composition root
 * (src/server/main.ts) picks the implementation.
 */

export interface EventQuery {
  type?: string | undefined;
  entity_id?: string | undefined;
  actor?: string | undefined;
  after?: number | undefined;
  before?: number | undefined;
  order?: 'asc' | 'desc' | undefined;
  limit: number;
}

/** A project's audit log. */
export interface EventLog {
  list(query: EventQuery): Promise<EventRecord[]>;
  /** Id of the newest event, 0 when none. */
  latestId(): Promise<number>;
  /**
   * A number that changes whenever another connection or process has committed to this project since
   * the last call; what this store commits itself is announced to its subscribers instead.
   */
  outsideCommitMark(): Promise<number>;
  /**
   * Where the store hears of other processes' commits as they happen (PostgreSQL's notices): `wake`
   * is called each time the mark may have moved, and the mark need only be polled as a safety net.
   * Returns the function that stops the calls.
   */
  watchOutsideCommits?(wake: () => void): () => void;
  /**
   * Like watchOutsideCommits, for the commits that may have freed work to pick up only (a waiting
   * pickup tries again at once, without reading the log first). Returns the function that stops the calls.
   */
  watchOutsideWork?(wake: () => void): () => void;
}

/** Told of the events a commit of this store wrote, once it is durable. A hint: the log is the data. */
export type CommitListener = (events: readonly EventRecord[]) => void;

export interface ProjectStore {
  readonly projectId: string;
  readonly tasks: TaskStore;
  readonly docs: DocStore;
  readonly files: FileStore;
  readonly events: EventLog;
  setName(name: string, actor: string): Promise<void>;
  getSettings(): Promise<ProjectSettings>;
  updateSettings(patch: Partial<ProjectSettings>, actor: string): Promise<ProjectSettings>;
  /** Listen to this store's own commits; returns the function that stops listening. */
  subscribe(listener: CommitListener): () => void;
  close(): Promise<void>;
}

export interface OpenOptions {
  /**
   * When to check that the project's storage is still the one opened (for a file: not deleted or
   * replaced). `now` (the default) before answering; `on-write` skips that check, for a request that is
   * about to write: every write checks before it is acknowledged, off the request's path.
   */
  checkFile?: 'now' | 'on-write' | undefined;
}

export interface ProjectPatch {
  name?: string | undefined;
  settings?: Partial<ProjectSettings> | undefined;
}

/** What a full integrity check of a project's storage found (`cpk doctor`). */
export interface ProjectCheck {
  project_id: string;
  file: string;
  kind: 'quick_check' | 'integrity_check';
  ok: boolean;
  problems: string[];
  duration_ms: number;
  /** The check could not run: not a finding of damage. */
  inconclusive?: true;
}

export interface RegisterFolder {
  name: string;
  /** The folder, on the server machine. */
  path: string;
  /**
   * Register the folder only if its database is this project's (a folder moved, or re-attached to a
   * server that lost its registry); otherwise 409 `conflict`, and nothing is created.
   */
  projectId?: string | undefined;
  /**
   * A file the caller just made in `<path>/.codepakt/`: the folder is the caller's only when the server
   * sees that file there (another machine may have a folder at the same path).
   */
  probe?: string | undefined;
  /** `hosted`: when the path is not on the server (or is not the caller's folder), make a hosted project instead. */
  ifPathMissing?: 'error' | 'hosted' | undefined;
}

export interface Registered {
  project: Project;
  created: boolean;
  /** Said when the answer is not what was asked: a hosted project made because the path is not on the server. */
  notice?: string;
}

export interface ProjectCatalog {
  /** Register a folder as a project; a folder already registered keeps its project (`created: false`). */
  register(input: RegisterFolder): Promise<Registered>;
  /**
   * A project whose data lives with the server. `id` (for a project carried over from elsewhere) must be
   * unused; by default a new one is made.
   */
  createHosted(input: { name: string; id?: string | undefined }): Promise<Registered>;
  /** Every registered project; one whose storage cannot be used is listed with the reason, not left out. */
  list(): Promise<Project[]>;
  get(id: string): Promise<Project>;
  update(id: string, patch: ProjectPatch, actor: string): Promise<Project>;
  check(id: string): Promise<ProjectCheck>;
  /** The project's store, opened on first use; 404 `project_not_found`, 503 `project_unavailable`. */
  open(id: string, options?: OpenOptions): Promise<ProjectStore>;
  /** Whole projects as archives: export one, import one (src/core/archive/port.ts). */
  archives(): ProjectArchives;
  close(): Promise<void>;
}
