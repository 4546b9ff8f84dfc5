import { randomUUID } from 'node:crypto';
import { accessSync, constants, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Db } from './database.js';
import { openDatabase, openReadOnlyDatabase } from './database.js';
import { migrateCodepaktDatabase } from '../codepakt-import/migrate.js';
import { WriteContext } from './events.js';
import { GroupCommit } from './group-commit.js';
import { WalSync } from './wal-sync.js';
import type { FileGuard } from './file-guard.js';
import { readOnlyFolder, storageError } from './errors.js';
import { getMeta, readSettings, setMeta, writeSettings } from './meta.js';
import type { Clock } from '../../core/clock.js';
import { iso } from '../../core/clock.js';
import type { EventRecord, ProjectSettings } from '../../core/types.js';

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
    private readonly guard?: FileGuard,
  ) {
    this.wal = WalSync.adopt(db);
    const sync = durability(this.wal, guard);
    this.group = new GroupCommit(db, {
      maxGroup: MAX_GROUP,
      lockWaitMs: WRITE_LOCK_WAIT_MS,
      ...(sync ? { sync } : {}),
    });
  }

  /**
   * Run `fn` as one atomic write. Concurrent writes share a `BEGIN IMMEDIATE` transaction and its
   * COMMIT, each in its own savepoint (see GroupCommit); the promise settles only once the write is
   * durable (fdatasync'd off the event loop, see WalSync). When another connection holds the write lock, it waits asynchronously (short
   * SQLite busy timeout, then back off on the event loop) so a contended database never stalls every
   * other request of this server.
   */
  write<T>(fn: (ctx: WriteContext) => T): Promise<T> {
    // Opened read-only because its folder is: reads work, writes say why they cannot.
    if (this.db.readonly) return Promise.reject(readOnlyFolder(dirname(this.guard?.file ?? this.db.name)));
    const held = this.guard?.writable();
    if (held) return held.then(() => this.write(fn));
    let ctx: WriteContext | undefined;
    return this.group
      .submit(
        () => {
          ctx = new WriteContext(this.db, iso(this.clock.now()));
          return fn(ctx);
        },
        () => this.onCommit(ctx?.events ?? []),
      )
      .catch((err: unknown) => {
        throw this.failure(err);
      });
  }

  read<T>(fn: (db: Db) => T): T {
    try {
      return fn(this.db);
    } catch (err) {
      throw this.failure(err);
    }
  }

  /** A storage failure named after the file (damage also stops writes, see FileGuard); other errors as they are. */
  private failure(err: unknown): unknown {
    if (this.guard) return this.guard.failure(err);
    return storageError(err, this.db.name) ?? err;
  }

  close(): void {
    if (this.db.open) this.db.close();
    this.wal?.close();
    this.guard?.close();
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
 * Open a project folder's database. Registering creates it; reopening a registered project (`mustExist`)
 * fails when the file is gone instead of creating an empty one in its place.
 */
export function openProjectDatabase(projectPath: string, options: { mustExist?: boolean } = {}): Db {
  const file = projectDbFile(projectPath);
  // A folder still holding a codepakt 0.1/0.2 database is backed up and migrated before our migrations run.
  if (!options.mustExist || !existsSync(file) || !folderIsReadOnly(dirname(file)))
    migrateCodepaktDatabase(projectPath, file);
  return openProjectDatabaseFile(file, options);
}

/** Open a project database file wherever it lives (a folder's, or a hosted project's in the data dir). */
export function openProjectDatabaseFile(file: string, options: { mustExist?: boolean } = {}): Db {
  // A registered project whose folder became read-only (a read-only mount) can still be read.
  if (options.mustExist && existsSync(file) && folderIsReadOnly(dirname(file))) return openReadOnlyDatabase(file);
  return openDatabase(file, { mustExist: options.mustExist ?? false });
}

/** Whether nothing can be written in `folder` (a read-only file system, or no permission to). */
function folderIsReadOnly(folder: string): boolean {
  try {
    accessSync(folder, constants.W_OK);
    return false;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return code === 'EROFS' || code === 'EACCES' || code === 'EPERM';
  }
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
export function stampProjectIdentity(
  db: Db,
  name: string,
  now: string,
  fresh = false,
  id: string = randomUUID(),
): { id: string; name: string; created_at: string } {
  return db
    .transaction(() => {
      const existing = readProjectIdentity(db);
      if (existing && !fresh) return existing;
      const identity = { id, name, created_at: now, ...(existing ? { copied_from: existing.id } : {}) };
      setMeta(db, 'project_id', identity.id);
      setMeta(db, 'project_name', identity.name);
      setMeta(db, 'created_at', identity.created_at);
      new WriteContext(db, now).record({
        type: 'project.created',
        entity_id: identity.id,
        actor: 'system',
        payload: identity,
      });
      return { id: identity.id, name: identity.name, created_at: identity.created_at };
    })
    .immediate();
}

export function renameProject(db: Db, name: string): void {
  setMeta(db, 'project_name', name);
}

export { readSettings, writeSettings };
export type { ProjectSettings };
