import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { ApiError } from './errors.js';
import type { Clock } from './clock.js';
import { iso } from './clock.js';
import type { EventBus } from './event-bus.js';
import type { ProjectStore } from './store.js';
import { DEFAULT_SETTINGS, type Project, type ProjectSettings } from './types.js';
import { ProjectRegistry, type RegistryEntry } from '../db/registry.js';
import { openProjectDatabase, projectDbFile, readProjectIdentity, stampProjectIdentity } from '../db/project-store.js';

import { SqliteProjectStore } from '../db/sqlite-store.js';
import { FileGuard } from '../db/file-guard.js';

/** An open project store and the guard that notices its file going away. */
interface OpenStore {
  store: ProjectStore;
  guard: FileGuard;
}

/** The projects this server serves: the registry plus each project's open store. */
export class ProjectHub {
  private readonly registry: ProjectRegistry;
  private readonly stores = new Map<string, OpenStore>();
  /** Stores whose file was deleted or replaced; a long-poll or stream may still hold one. Closed with the hub. */
  private readonly retired: ProjectStore[] = [];

  constructor(
    dataDir: string,
    private readonly clock: Clock,
    private readonly bus: EventBus,
  ) {
    this.registry = new ProjectRegistry(dataDir);
  }

  /** Register a folder as a project; a folder already registered (or already holding a project database) keeps its project. */
  async register(name: string, rawPath: string): Promise<{ project: Project; created: boolean }> {
    const path = resolve(rawPath);
    if (!existsSync(path) || !statSync(path).isDirectory()) {
      throw new ApiError('validation_error', `path: ${path} is not an existing directory`, [
        { path: 'path', message: 'Not an existing directory' },
      ]);
    }
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
    const out: Project[] = [];
    for (const entry of this.registry.list()) {
      try {
        out.push(await this.describe(entry));
      } catch (err) {
        if (!(err instanceof ApiError) || err.code !== 'project_unavailable') throw err;
        out.push({ id: entry.id, name: entry.name, path: entry.path, created_at: entry.created_at, settings: { ...DEFAULT_SETTINGS }, unavailable: err.message });
      }
    }
    return out;
  }

  async get(id: string): Promise<Project> {
    const entry = this.registry.get(id);
    if (!entry) throw new ApiError('project_not_found', `No project with id ${id}`);
    return this.describe(entry);
  }

  async update(id: string, patch: { name?: string | undefined; settings?: Partial<ProjectSettings> | undefined }, actor: string): Promise<Project> {
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
    const cached = this.stores.get(id);
    if (cached && (options.writing || cached.guard.intact())) return cached.store;
    const entry = this.registry.get(id);
    if (!entry) throw new ApiError('project_not_found', `No project with id ${id}`);
    let db;
    try {
      // Never recreate a registered project's database: a missing file is reported, not replaced by an empty one.
      db = openProjectDatabase(entry.path, { mustExist: true });
    } catch (err) {
      throw new ApiError('project_unavailable', `Project ${entry.name}: ${openFailure(projectDbFile(entry.path), err)}`);
    }
    return this.adopt(id, db, entry.path);
  }

  close(): void {
    for (const { store } of this.stores.values()) store.close();
    for (const store of this.retired.splice(0)) store.close();
    this.stores.clear();
  }

  private adopt(id: string, db: ReturnType<typeof openProjectDatabase>, path: string): ProjectStore {
    const existing = this.stores.get(id);
    if (existing) {
      db.close();
      return existing.store;
    }
    let store: ProjectStore | undefined;
    const guard = new FileGuard(projectDbFile(path), () => {
      if (this.stores.get(id)?.store === store) this.retire(id);
    });
    store = new SqliteProjectStore(id, db, this.clock, (events) => this.bus.publish(id, events), guard);
    this.stores.set(id, { store, guard });
    return store;
  }

  private retire(id: string): void {
    const open = this.stores.get(id);
    if (!open) return;
    this.stores.delete(id);
    this.retired.push(open.store);
  }

  private async describe(entry: RegistryEntry): Promise<Project> {
    const store = this.store(entry.id);
    return { id: entry.id, name: entry.name, path: entry.path, created_at: entry.created_at, settings: await store.getSettings() };
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
