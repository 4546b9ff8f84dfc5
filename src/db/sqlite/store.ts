import type { Clock } from '../../core/clock.js';
import { EventBus } from '../../core/event-bus.js';
import type { CommitListener, EventLog, EventQuery, ProjectStore } from '../../core/ports.js';
import type { ProjectSettings } from '../../core/types.js';
import type { Db } from './database.js';
import { latestEventId, listEvents } from './events.js';
import type { FileGuard } from './file-guard.js';
import { readSettings, writeSettings } from './meta.js';
import { renameProject, SqliteDatabaseHandle } from './project-database.js';
import { SqliteDocStore } from './docs.js';
import { SqliteFileStore } from './files.js';
import { SqliteTaskStore } from './tasks.js';

/** The embedded store: one SQLite file per project, writes serialized by `BEGIN IMMEDIATE`. */
export class SqliteProjectStore implements ProjectStore {
  protected readonly h: SqliteDatabaseHandle;
  readonly tasks: SqliteTaskStore;
  readonly docs: SqliteDocStore;
  readonly files: SqliteFileStore;
  readonly events: EventLog;
  private readonly bus = new EventBus();

  constructor(
    readonly projectId: string,
    db: Db,
    clock: Clock,
    guard?: FileGuard,
  ) {
    this.h = new SqliteDatabaseHandle(db, clock, (events) => this.bus.publish(events), guard);
    this.tasks = new SqliteTaskStore(this.h);
    this.docs = new SqliteDocStore(this.h);
    this.files = new SqliteFileStore(this.h);
    const h = this.h;
    this.events = {
      list: async (query: EventQuery) => h.read((d) => listEvents(d, query)),
      latestId: async () => h.read(latestEventId),
      // SQLite's own counter of commits made by other connections to this file.
      outsideCommitMark: async () => h.read((d) => d.pragma('data_version', { simple: true }) as number),
    };
  }

  async setName(name: string, actor: string): Promise<void> {
    await this.h.write((ctx) => {
      renameProject(ctx.db, name);
      ctx.record({ type: 'project.updated', entity_id: this.projectId, actor, payload: { name } });
    });
  }

  async getSettings(): Promise<ProjectSettings> {
    return this.h.read(readSettings);
  }

  async updateSettings(patch: Partial<ProjectSettings>, actor: string): Promise<ProjectSettings> {
    return this.h.write((ctx) => {
      const next = { ...readSettings(ctx.db), ...patch };
      writeSettings(ctx.db, next);
      ctx.record({ type: 'project.updated', entity_id: this.projectId, actor, payload: { settings: next } });
      return next;
    });
  }

  subscribe(listener: CommitListener): () => void {
    return this.bus.subscribe(listener);
  }

  async close(): Promise<void> {
    this.h.close();
  }
}
