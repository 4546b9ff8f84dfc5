import { closeSync, existsSync, openSync, readSync } from 'node:fs';
import { resolve } from 'node:path';
import { ApiError } from './errors.js';
import type { Clock } from './clock.js';
import { iso } from './clock.js';
import type { EventBus } from './event-bus.js';
import type { ProjectStore } from './store.js';
import { DEFAULT_SETTINGS, type Project, type ProjectSettings } from './types.js';
import { ProjectRegistry, type RegistryEntry } from '../db/registry.js';
import { openProjectDatabase, projectDbFile, readProjectIdentity, stampProjectIdentity } from '../db/project-store.js';
import { prepareProjectFolder } from '../db/project-folder.js';
import { checkDatabase, type IntegrityReport } from '../db/integrity-check.js';
import { damaged } from '../db/storage-errors.js';
import { SqliteProjectStore } from '../db/sqlite-store.js';
import { FileGuard } from '../db/file-guard.js';

/** An open project store and the guard that notices its file going away or damaged. */
interface OpenStore {
  store: ProjectStore;
  guard: FileGuard;
  /** The name the database was opened by (a `file:` URI when read-only). */
  dbName: string;
  /** Settles once the check run on opening is done (writes wait for it; see FileGuard). */
  checked: Promise<void>;
}

/** What `cpk doctor` reports for a project. */
export interface ProjectCheck extends IntegrityReport {
  project_id: string;
  file: string;
}

/** The projects this server serves: the registry plus each project's open store. */
export class ProjectHub {
  private readonly registry: ProjectRegistry;
  private readonly stores = new Map<string, OpenStore>();
  /** Stores whose file was deleted or replaced; a long-poll or stream may still hold one. Closed with the hub. */
  private readonly retired: ProjectStore[] = [];
  /** Projects whose database was found damaged: 503 until the file is replaced (restored from a backup). */
  private readonly damaged = new Map<string, { guard: FileGuard; err: ApiError }>();

  constructor(
    dataDir: string,
    private readonly clock: Clock,
    private readonly bus: EventBus,
  ) {
    this.registry = new ProjectRegistry(dataDir);
  }

  /** Register a folder as a project; a folder already registered (or already holding a project database) keeps its project. */
  async register(name: string, rawPath: string): Promise<{ project: Project; created: boolean }> {
    // Off the event loop, before anything is opened: a path under /proc once spun a mkdir forever.
    // The real path: a folder reached through a symlink is the same project, not a copy of it.
    const path = await prepareProjectFolder(resolve(rawPath));
    const known = this.registry.findByPath(path);
    if (known && existsSync(projectDbFile(path))) return { project: await this.describe(known), created: false };
    // Registered once, but its database is gone (folder deleted and made again): a new project there.
    if (known) this.retire(known.id);

    const db = openProjectDatabase(path);
    const before = readProjectIdentity(db);
    const elsewhere = before ? this.registry.get(before.id) : undefined;
    let copy = false;
    if (elsewhere && elsewhere.path !== path) {
      // The same project id in another registered folder: a copy of that folder becomes a project of
      // its own; a folder that moved here takes its project along.
      if (existsSync(projectDbFile(elsewhere.path))) copy = true;
      else this.retire(elsewhere.id);
    }
    const identity = stampProjectIdentity(db, name, iso(this.clock.now()), copy);
    const entry: RegistryEntry = { id: identity.id, name: identity.name, path, created_at: identity.created_at };
    this.registry.upsert(entry);
    this.adopt(identity.id, db, path);
    return { project: await this.describe(entry), created: !before || copy };
  }

  /** Every registered project; one whose database cannot be used is listed with the reason, not left out. */
  async list(): Promise<Project[]> {
    return Promise.all(
      this.registry.list().map(async (entry) => {
        try {
          return await this.describe(entry);
        } catch (err) {
          if (!(err instanceof ApiError) || err.code !== 'project_unavailable') throw err;
          return {
            id: entry.id,
            name: entry.name,
            path: entry.path,
            created_at: entry.created_at,
            settings: { ...DEFAULT_SETTINGS },
            unavailable: err.message,
          };
        }
      }),
    );
  }

  /** A full `integrity_check` of the project's database, off the event loop; damage found stops its writes. */
  async check(id: string): Promise<ProjectCheck> {
    const entry = this.registry.get(id);
    if (!entry) throw new ApiError('project_not_found', `No project with id ${id}`);
    const file = projectDbFile(entry.path);
    if (!existsSync(file)) {
      return {
        project_id: id,
        file,
        kind: 'integrity_check',
        ok: false,
        problems: [openFailure(file, new Error('no such file'))],
        duration_ms: 0,
        inconclusive: true,
      };
    }
    let open: OpenStore | undefined;
    try {
      open = this.open(id);
    } catch {
      // Checked below as a file: the worker says what is wrong with it.
    }
    const report = await checkDatabase(open?.dbName ?? file, 'integrity_check');
    if (!report.ok && !report.inconclusive)
      open?.guard.markDamaged(damaged(file, `integrity_check: ${report.problems.slice(0, 3).join('; ')}`));
    return { project_id: id, file, ...report };
  }

  async get(id: string): Promise<Project> {
    const entry = this.registry.get(id);
    if (!entry) throw new ApiError('project_not_found', `No project with id ${id}`);
    return this.describe(entry);
  }

  async update(
    id: string,
    patch: { name?: string | undefined; settings?: Partial<ProjectSettings> | undefined },
    actor: string,
  ): Promise<Project> {
    const entry = this.registry.get(id);
    if (!entry) throw new ApiError('project_not_found', `No project with id ${id}`);
    const store = this.store(id);
    if (patch.settings && Object.keys(patch.settings).length > 0) await store.updateSettings(patch.settings, actor);
    if (patch.name !== undefined && patch.name !== entry.name) {
      await store.setName(patch.name, actor);
      this.registry.upsert({ ...entry, name: patch.name });
    }
    return this.describe(this.registry.get(id) ?? entry);
  }

  /**
   * The open store of a registered project; opened on first use. For reading, each call first checks
   * (one stat) that the database file is still the one opened (see FileGuard): a deleted file answers
   * 503, a replaced one (restored from a backup) is reopened. A request that writes passes
   * `{ writing: true }` and skips that stat: its writes are checked off the event loop before they
   * are acknowledged.
   */
  store(id: string, options: { writing?: boolean } = {}): ProjectStore {
    return this.open(id, options).store;
  }

  private open(id: string, options: { writing?: boolean } = {}): OpenStore {
    const cached = this.stores.get(id);
    if (cached && (options.writing || cached.guard.intact())) return cached;
    const entry = this.registry.get(id);
    if (!entry) throw new ApiError('project_not_found', `No project with id ${id}`);
    const mark = this.damaged.get(id);
    if (mark) {
      // Still the damaged file: say so. Another file in its place (a restored backup) is opened afresh.
      if (mark.guard.sameFileAtPath()) throw mark.err;
      this.damaged.delete(id);
    }
    let db: ReturnType<typeof openProjectDatabase>;
    try {
      // Never recreate a registered project's database: a missing file is reported, not replaced by an empty one.
      db = openProjectDatabase(entry.path, { mustExist: true });
    } catch (err) {
      throw new ApiError(
        'project_unavailable',
        `Project ${entry.name}: ${openFailure(projectDbFile(entry.path), err)}`,
      );
    }
    return this.adopt(id, db, entry.path);
  }

  close(): void {
    for (const { store } of this.stores.values()) store.close();
    for (const store of this.retired.splice(0)) store.close();
    this.stores.clear();
  }

  private adopt(id: string, db: ReturnType<typeof openProjectDatabase>, path: string): OpenStore {
    const existing = this.stores.get(id);
    if (existing) {
      db.close();
      return existing;
    }
    const file = projectDbFile(path);
    let store: ProjectStore | undefined;
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
      throw new ApiError(
        'project_unavailable',
        `Project ${this.registry.get(id)?.name ?? id}: ${openFailure(file, err)}`,
      );
    }
    store = new SqliteProjectStore(id, db, this.clock, (events) => this.bus.publish(id, events), guard);
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

  private retire(id: string): void {
    const open = this.stores.get(id);
    if (!open) return;
    this.stores.delete(id);
    this.retired.push(open.store);
  }

  /** A project and its settings; waits for the check run on opening, so damage it finds is reported here. */
  private async describe(entry: RegistryEntry): Promise<Project> {
    const open = this.open(entry.id);
    await open.checked;
    if (open.guard.broken) throw open.guard.broken;
    return {
      id: entry.id,
      name: entry.name,
      path: entry.path,
      created_at: entry.created_at,
      settings: await open.store.getSettings(),
    };
  }
}

/** What is wrong with a project database that will not open, and what to do about it. */
function openFailure(file: string, err: unknown): string {
  const code = (err as { code?: unknown }).code;
  const message = (err as Error).message;
  if (!existsSync(file)) {
    return `its database ${file} no longer exists (was the folder deleted or moved?). Restore it, or run \`cpk init\` in that folder to start a new project there`;
  }
  if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT' || !hasSqliteHeader(file)) {
    return `its database ${file} is damaged or not an SQLite database (${message}). Restore it from a backup`;
  }
  return `cannot open its database ${file}: ${message}`;
}

/** Whether `file` starts like an SQLite database; an unreadable file counts as not. */
function hasSqliteHeader(file: string): boolean {
  try {
    const fd = openSync(file, 'r');
    try {
      const head = Buffer.alloc(16);
      readSync(fd, head, 0, 16, 0);
      return head.toString('latin1') === 'SQLite format 3\u0000';
    } finally {
      closeSync(fd);
    }
  } catch {
    return false;
  }
}
