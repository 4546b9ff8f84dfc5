import type pg from 'pg';
import { type Clock, iso } from '../../core/clock.js';
import { EventBus } from '../../core/event-bus.js';
import type { CommitListener, EventLog, EventQuery, ProjectStore } from '../../core/ports.js';
import type { EventRecord, ProjectSettings } from '../../core/types.js';
import { PgDocStore } from './docs.js';
import { PgFileStore } from './files.js';
import { type Batcher, PgGroupCommit } from './group-commit.js';
import { listEvents } from './events.js';
import type { CommitListener as Hints } from './listener.js';
import type { Query } from './task-sql.js';
import { type PgProjectAccess, PgTaskStore } from './tasks.js';
import { type PgWrite, parseSettings, readQuery, writeProject } from './write.js';
import { toJson } from './json.js';

/** How often a project someone follows is checked against the database, in case a notice was lost. */
const SAFETY_MS = 1_000;

/**
 * One project in the shared database. Its writes lock the project's counter row first (see
 * writeProject); what it commits is announced to its subscribers once committed. Other servers'
 * commits move the mark (their NOTIFY, heard by the listener), and a safety re-read of the project's
 * last event seq covers a notice that never came.
 */
export class PgProjectStore implements ProjectStore, PgProjectAccess {
  readonly tasks: PgTaskStore;
  readonly docs: PgDocStore;
  readonly files: PgFileStore;
  readonly events: EventLog;
  readonly query: Query;
  private readonly bus = new EventBus();
  private readonly writes: PgGroupCommit;
  /** The newest event seq this store knows of: its own commits, and what the safety check saw. */
  private knownSeq = 0;
  private safetyMark = 0;
  private lastSafety = 0;
  private closed = false;

  constructor(
    readonly projectId: string,
    private readonly pool: pg.Pool,
    private readonly clock: Clock,
    private readonly hints: Hints,
  ) {
    this.query = (sql, params) => readQuery(pool, sql, params) as never;
    this.writes = new PgGroupCommit(
      (fn, ahead) => writeProject(this.pool, this.projectId, () => this.now(), fn, { ahead }),
      (events) => this.published(events),
    );
    this.tasks = new PgTaskStore(this);
    this.docs = new PgDocStore(this);
    this.files = new PgFileStore(this);
    this.events = {
      list: (query: EventQuery) => listEvents(this.query, projectId, query),
      latestId: async () => this.latestSeq(),
      outsideCommitMark: async () => this.outsideCommitMark(),
      watchOutsideCommits: (wake) => hints.watch(projectId, wake),
      watchOutsideWork: (wake) => hints.watchWork(projectId, wake),
    };
  }

  now(): string {
    return iso(this.clock.now());
  }

  /** One write of the project, in the next transaction of its group commit (see PgGroupCommit). */
  write<T>(fn: (w: PgWrite) => Promise<T>): Promise<T> {
    return this.writes.submit(fn);
  }

  writeBatched<I, R>(batcher: Batcher<I, R>, input: I): Promise<R> {
    return this.writes.submitBatched(batcher, input);
  }

  private published(events: EventRecord[]): void {
    const last = events[events.length - 1];
    if (last && last.id > this.knownSeq) this.knownSeq = last.id;
    this.bus.publish(events);
  }

  async setName(name: string, actor: string): Promise<void> {
    await this.write(async (w) => {
      await w.query('UPDATE projects SET name = $2 WHERE id = $1', [w.projectId, name]);
      w.record({ type: 'project.updated', entity_id: w.projectId, actor, payload: { name } });
    });
  }

  async getSettings(): Promise<ProjectSettings> {
    const rows = await this.query<{ settings: unknown }>('SELECT settings FROM projects WHERE id = $1', [
      this.projectId,
    ]);
    return parseSettings(rows[0]?.settings);
  }

  async updateSettings(patch: Partial<ProjectSettings>, actor: string): Promise<ProjectSettings> {
    return this.write(async (w) => {
      const next = { ...w.settings, ...patch };
      await w.query('UPDATE projects SET settings = $2 WHERE id = $1', [w.projectId, toJson(next)]);
      w.record({ type: 'project.updated', entity_id: w.projectId, actor, payload: { settings: next } });
      return next;
    });
  }

  subscribe(listener: CommitListener): () => void {
    return this.bus.subscribe(listener);
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  private async latestSeq(): Promise<number> {
    const rows = await this.query<{ seq: number }>(
      'SELECT last_event_seq::float8 AS seq FROM project_counters WHERE project_id = $1',
      [this.projectId],
    );
    return rows[0]?.seq ?? 0;
  }

  /**
   * The listener's mark for this project, plus the safety check's: about once a second (only while
   * someone follows the project, since only they ask), the project's last seq is read; one this store
   * did not know moves the mark.
   */
  private async outsideCommitMark(): Promise<number> {
    if (!this.closed && Date.now() - this.lastSafety >= SAFETY_MS) {
      this.lastSafety = Date.now();
      const seq = await this.latestSeq();
      if (seq > this.knownSeq) {
        this.knownSeq = seq;
        this.safetyMark++;
      }
    }
    return this.hints.mark(this.projectId) + this.safetyMark;
  }
}
