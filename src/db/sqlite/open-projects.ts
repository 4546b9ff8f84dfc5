import type { Clock } from '../../core/clock.js';
import { ApiError, projectUnavailable } from '../../core/errors.js';
import type { OpenOptions } from '../../core/ports.js';
import type { Db } from './database.js';
import { FileGuard } from './file-guard.js';
import { checkDatabase } from './integrity-check.js';
import { openFailure } from './open-failure.js';
import { openProjectDatabase, openProjectDatabaseFile } from './project-database.js';
import type { ProjectRegistry } from './registry.js';
import { damaged } from './errors.js';
import { SqliteProjectStore } from './store.js';

/** An open project store and the guard that notices its file going away or damaged. */
export interface OpenStore {
  store: SqliteProjectStore;
  guard: FileGuard;
  /** The name the database was opened by (a `file:` URI when read-only). */
  dbName: string;
  /** Settles once the check run on opening is done (writes wait for it; see FileGuard). */
  checked: Promise<void>;
}

/**
 * The open SQLite stores of the registered projects, each watched by a FileGuard: a store whose file
 * was deleted or replaced is retired (the next open reopens the file at the path), and a project whose
 * file was found damaged answers 503 until another file (a restored backup) is in its place.
 */
export class OpenProjects {
  private readonly stores = new Map<string, OpenStore>();
  /** Stores whose file was deleted or replaced; a long-poll or stream may still hold one. Closed with the rest. */
  private readonly retired: SqliteProjectStore[] = [];
  private readonly damaged = new Map<string, { guard: FileGuard; err: ApiError }>();
  private closed = false;

  constructor(
    private readonly registry: ProjectRegistry,
    private readonly clock: Clock,
  ) {}

  /**
   * The open store of a registered project; opened on first use. Unless `checkFile: 'on-write'`, first
   * checks (one stat) that the database file is still the one opened (see FileGuard): a deleted file
   * answers 503, a replaced one (restored from a backup) is reopened. A request about to write skips
   * that stat: its writes are checked off the event loop before they are acknowledged.
   */
  open(id: string, options: OpenOptions = {}): OpenStore {
    // A stream or feed still running while the server stops must not reopen what was just closed.
    if (this.closed) throw new ApiError('shutting_down', 'The server is shutting down; retry once it is back');
    const cached = this.stores.get(id);
    if (cached && (options.checkFile === 'on-write' || cached.guard.intact())) return cached;
    const entry = this.registry.get(id);
    if (!entry) throw new ApiError('project_not_found', `No project with id ${id}`);
    const mark = this.damaged.get(id);
    if (mark) {
      // Still the damaged file: say so. Another file in its place (a restored backup) is opened afresh.
      if (mark.guard.sameFileAtPath()) throw mark.err;
      this.damaged.delete(id);
    }
    const file = this.registry.databaseFile(entry);
    let db: Db;
    try {
      // Never recreate a registered project's database: a missing file is reported, not replaced by an empty one.
      db =
        entry.kind === 'folder' && entry.path !== null
          ? openProjectDatabase(entry.path, { mustExist: true })
          : openProjectDatabaseFile(file, { mustExist: true });
    } catch (err) {
      throw projectUnavailable(`Project ${entry.name}: ${openFailure(file, err)}`);
    }
    return this.adopt(id, db, file);
  }

  /** Serve `db` (the database `file`) as the project's store, unless one is open already (then `db` is closed). */
  adopt(id: string, db: Db, file: string): OpenStore {
    const existing = this.stores.get(id);
    if (existing) {
      db.close();
      return existing;
    }
    let store: SqliteProjectStore | undefined;
    let guard: FileGuard;
    try {
      guard = new FileGuard(
        file,
        () => {
          if (this.stores.get(id)?.store === store) this.retire(id);
        },
        (err) => {
          this.damaged.set(id, { guard, err });
          if (this.stores.get(id)?.store === store) this.retire(id);
        },
      );
    } catch (err) {
      db.close();
      throw projectUnavailable(`Project ${this.registry.get(id)?.name ?? id}: ${openFailure(file, err)}`);
    }
    store = new SqliteProjectStore(id, db, this.clock, guard);
    // quick_check reads every page (~B-tree structure, not index contents) in a worker; reads go on
    // meanwhile, writes wait for it, and damage found makes the project unavailable.
    const check = checkDatabase(db.name, 'quick_check').then((report) => {
      if (!report.ok && !report.inconclusive)
        throw damaged(file, `quick_check found: ${report.problems.slice(0, 3).join('; ')}`);
    });
    guard.holdWritesUntil(check);
    const open: OpenStore = { store, guard, dbName: db.name, checked: check.catch(() => undefined) };
    this.stores.set(id, open);
    return open;
  }

  /** Stop serving the project's open store (its file is gone); the next open reopens the path. */
  retire(id: string): void {
    const open = this.stores.get(id);
    if (!open) return;
    this.stores.delete(id);
    this.retired.push(open.store);
  }

  async close(): Promise<void> {
    this.closed = true;
    const all = [...[...this.stores.values()].map((o) => o.store), ...this.retired.splice(0)];
    this.stores.clear();
    await Promise.all(all.map((store) => store.close()));
  }
}
