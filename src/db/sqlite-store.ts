import type { Clock } from '../core/clock.js';
import type { EventQuery, ProjectStore } from '../core/store.js';
import type { EventRecord, ProjectSettings } from '../core/types.js';
import type { Db } from './database.js';
import type { FileGuard } from './file-guard.js';
import { latestEventId, listEvents } from './events.js';
import { getMeta, readSettings, writeSettings } from './meta.js';
import { renameProject, SqliteDatabaseHandle } from './project-store.js';
import { SqliteDocStore } from './sqlite-docs.js';
import { SqliteTaskStore } from './sqlite-tasks.js';

/** The embedded store: one SQLite file per project, writes serialized by `BEGIN IMMEDIATE`. */
export class SqliteProjectStore implements ProjectStore {
  protected readonly h: SqliteDatabaseHandle;
  readonly tasks: SqliteTaskStore;
  readonly docs: SqliteDocStore;

  constructor(
    readonly projectId: string,
    db: Db,
    clock: Clock,
    onCommit: (events: EventRecord[]) => void,
    guard?: FileGuard,
  ) {
    this.h = new SqliteDatabaseHandle(db, clock, onCommit, guard);
    this.tasks = new SqliteTaskStore(this.h);
    this.docs = new SqliteDocStore(this.h);
  }

  async getName(): Promise<string> {
    return this.h.read((db) => getMeta(db, 'project_name') ?? '');
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

  async listEvents(query: EventQuery): Promise<EventRecord[]> {
    return this.h.read((db) => listEvents(db, query));
  }

  async latestEventId(): Promise<number> {
    return this.h.read(latestEventId);
  }

  async outsideCommitMark(): Promise<number> {
    // SQLite's own counter of commits made by other connections to this file.
    return this.h.read((db) => db.pragma('data_version', { simple: true }) as number);
  }

  close(): void {
    this.h.close();
  }
}
