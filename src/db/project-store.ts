import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { Db } from './database.js';
import { openDatabase } from './database.js';
import { migrateCodepaktDatabase } from './codepakt-import.js';
import { WriteContext } from './events.js';
import { GroupCommit } from './group-commit.js';
import { WalSync } from './wal-sync.js';
import type { FileGuard } from './file-guard.js';
import { getMeta, readSettings, setMeta, writeSettings } from './meta.js';
import type { Clock } from '../core/clock.js';
import { iso } from '../core/clock.js';
import type { EventRecord, ProjectSettings } from '../core/types.js';

const WRITE_LOCK_WAIT_MS = 10_000;
/** Writes sharing one commit at most; a bound on how long one group holds the event loop. */
const MAX_GROUP = 32;

export function projectDbFile(projectPath: string): string {
  return join(projectPath, '.codepakt', 'data.db');
}

/**
 * One project's database. Every write runs inside `BEGIN IMMEDIATE`, so concurrent writers (other
 * connections, other processes) serialize on SQLite's lock; events recorded during the write are
 * handed to `onCommit` only once the transaction has committed.
 */
export class SqliteDatabaseHandle {
  private readonly group: GroupCommit;
  private readonly wal: WalSync | undefined;

  constructor(
    readonly db: Db,
    readonly clock: Clock,
    private readonly onCommit: (events: EventRecord[]) => void,
    guard?: FileGuard,
  ) {
    this.wal = WalSync.adopt(db);
    const sync = durability(this.wal, guard);
    this.group = new GroupCommit(db, { maxGroup: MAX_GROUP, lockWaitMs: WRITE_LOCK_WAIT_MS, ...(sync ? { sync } : {}) });
  }

  /**
   * Run `fn` as one atomic write. Concurrent writes share a `BEGIN IMMEDIATE` transaction and its
   * COMMIT, each in its own savepoint (see GroupCommit); the promise settles only once the write is
   * durable (fdatasync'd off the event loop, see WalSync). When another connection holds the write lock, it waits asynchronously (short
   * SQLite busy timeout, then back off on the event loop) so a contended database never stalls every
   * other request of this server.
   */
  write<T>(fn: (ctx: WriteContext) => T): Promise<T> {
    let ctx: WriteContext | undefined;
    return this.group.submit(
      () => {
        ctx = new WriteContext(this.db, iso(this.clock.now()));
        return fn(ctx);
      },
      () => this.onCommit(ctx?.events ?? []),
    );
  }

  read<T>(fn: (db: Db) => T): T {
    return fn(this.db);
  }

  close(): void {
    if (this.db.open) this.db.close();
    this.wal?.close();
  }
}

type Sync = (done: (err: Error | null) => void) => void;

/** What must hold before a committed write is acknowledged: the WAL on disk, the file still in place. */
function durability(wal: WalSync | undefined, guard: FileGuard | undefined): Sync | undefined {
  if (!wal && !guard) return undefined;
  return (done) => {
    let waiting = (wal ? 1 : 0) + (guard ? 1 : 0);
    let flushError: Error | null = null;
    let gone: Error | null = null;
    const finish = () => {
      if (--waiting === 0) done(gone ?? flushError);
    };
    wal?.sync((err) => {
      flushError = err;
      finish();
    });
    guard?.check((err) => {
      gone = err;
      finish();
    });
  };
}

/**
 * Open a project's database. Registering creates it; reopening a registered project (`mustExist`)
 * fails when the file is gone instead of creating an empty one in its place.
 */
export function openProjectDatabase(projectPath: string, options: { mustExist?: boolean } = {}): Db {
  const file = projectDbFile(projectPath);
  // A folder still holding a codepakt 0.1/0.2 database is backed up and migrated before our migrations run.
  migrateCodepaktDatabase(projectPath, file);
  return openDatabase(file, { mustExist: options.mustExist ?? false });
}

export function readProjectIdentity(db: Db): { id: string; name: string; created_at: string } | undefined {
  const id = getMeta(db, 'project_id');
  const name = getMeta(db, 'project_name');
  const created = getMeta(db, 'created_at');
  return id && name && created ? { id, name, created_at: created } : undefined;
}

/**
 * Give the database its project identity, keeping one it already has — unless `fresh`, for a copied
 * folder that must become a project of its own (its history stays, under a new id).
 */
export function stampProjectIdentity(db: Db, name: string, now: string, fresh = false): { id: string; name: string; created_at: string } {
  return db.transaction(() => {
    const existing = readProjectIdentity(db);
    if (existing && !fresh) return existing;
    const identity = { id: randomUUID(), name, created_at: now, ...(existing ? { copied_from: existing.id } : {}) };
    setMeta(db, 'project_id', identity.id);
    setMeta(db, 'project_name', identity.name);
    setMeta(db, 'created_at', identity.created_at);
    new WriteContext(db, now).record({ type: 'project.created', entity_id: identity.id, actor: 'system', payload: identity });
    return { id: identity.id, name: identity.name, created_at: identity.created_at };
  }).immediate();
}

export function renameProject(db: Db, name: string): void {
  setMeta(db, 'project_name', name);
}

export { readSettings, writeSettings };
export type { ProjectSettings };
