import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { Db } from './database.js';
import { openDatabase } from './database.js';
import { migrateCodepaktDatabase } from './codepakt-import.js';
import { WriteContext } from './events.js';
import { getMeta, readSettings, setMeta, writeSettings } from './meta.js';
import type { Clock } from '../core/clock.js';
import { iso } from '../core/clock.js';
import { ApiError } from '../core/errors.js';
import type { EventRecord, ProjectSettings } from '../core/types.js';

const WRITE_LOCK_WAIT_MS = 10_000;

function isBusy(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'));
}

export function projectDbFile(projectPath: string): string {
  return join(projectPath, '.codepakt', 'data.db');
}

/**
 * One project's database. Every write runs inside `BEGIN IMMEDIATE`, so concurrent writers (other
 * connections, other processes) serialize on SQLite's lock; events recorded during the write are
 * handed to `onCommit` only once the transaction has committed.
 */
export class SqliteDatabaseHandle {
  constructor(
    readonly db: Db,
    readonly clock: Clock,
    private readonly onCommit: (events: EventRecord[]) => void,
  ) {}

  /**
   * Run `fn` as one write transaction. When another connection holds the write lock, wait for it
   * asynchronously (short SQLite busy timeout, then back off on the event loop) so a contended
   * database never stalls every other request of this server.
   */
  async write<T>(fn: (ctx: WriteContext) => T): Promise<T> {
    const deadline = Date.now() + WRITE_LOCK_WAIT_MS;
    for (let attempt = 0; ; attempt++) {
      try {
        return this.writeNow(fn);
      } catch (err) {
        if (!isBusy(err)) throw err;
        if (Date.now() >= deadline) {
          throw new ApiError('project_unavailable', `The project database stayed locked by another process for ${WRITE_LOCK_WAIT_MS / 1000} s; retry`);
        }
        await new Promise((r) => setTimeout(r, Math.min(2 ** attempt, 25) + Math.random() * 5));
      }
    }
  }

  private writeNow<T>(fn: (ctx: WriteContext) => T): T {
    const ctx = new WriteContext(this.db, iso(this.clock.now()));
    const result = this.db.transaction(() => fn(ctx)).immediate();
    this.onCommit(ctx.events);
    return result;
  }

  read<T>(fn: (db: Db) => T): T {
    return fn(this.db);
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}

/** Open a project's database, stamping it with the project's identity on first use. */
export function openProjectDatabase(projectPath: string): Db {
  const file = projectDbFile(projectPath);
  // A folder still holding a codepakt 0.1/0.2 database is backed up and migrated before our migrations run.
  migrateCodepaktDatabase(projectPath, file);
  return openDatabase(file);
}

export function readProjectIdentity(db: Db): { id: string; name: string; created_at: string } | undefined {
  const id = getMeta(db, 'project_id');
  const name = getMeta(db, 'project_name');
  const created = getMeta(db, 'created_at');
  return id && name && created ? { id, name, created_at: created } : undefined;
}

export function stampProjectIdentity(db: Db, name: string, now: string): { id: string; name: string; created_at: string } {
  return db.transaction(() => {
    const existing = readProjectIdentity(db);
    if (existing) return existing;
    const identity = { id: randomUUID(), name, created_at: now };
    setMeta(db, 'project_id', identity.id);
    setMeta(db, 'project_name', identity.name);
    setMeta(db, 'created_at', identity.created_at);
    new WriteContext(db, now).record({ type: 'project.created', entity_id: identity.id, actor: 'system', payload: identity });
    return identity;
  }).immediate();
}

export function renameProject(db: Db, name: string): void {
  setMeta(db, 'project_name', name);
}

export { readSettings, writeSettings };
export type { ProjectSettings };
