import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Clock } from '../../core/clock.js';
import { iso } from '../../core/clock.js';
import type { ProjectArchives } from '../../core/archive/port.js';
import { ApiError } from '../../core/errors.js';
import type {
  OpenOptions,
  ProjectCatalog,
  ProjectCheck,
  ProjectPatch,
  ProjectStore,
  RegisterFolder,
  Registered,
} from '../../core/ports.js';
import { DEFAULT_SETTINGS, type Project } from '../../core/types.js';
import { checkDatabase } from './integrity-check.js';
import { SqliteArchives } from './archives.js';
import { openFailure } from './open-failure.js';
import { type OpenStore, OpenProjects } from './open-projects.js';
import { FolderNotOnServer, prepareProjectFolder } from './project-folder.js';
import {
  openProjectDatabase,
  openProjectDatabaseFile,
  projectDbFile,
  readProjectIdentity,
  stampProjectIdentity,
} from './project-database.js';
import { HOSTED_ID, ProjectRegistry, type RegistryEntry } from './registry.js';
import { expectDatabaseOf, expectFolderOf } from './reattach.js';
import { damaged, unnamedStorageError } from './errors.js';

/**
 * The projects of a server on SQLite: the registry (`projects.json` in the data dir) lists them; a
 * folder project's `<folder>/.codepakt/data.db` holds it, a hosted one's `<data dir>/projects/<id>/data.db`.
 */
export class SqliteCatalog implements ProjectCatalog {
  private readonly registry: ProjectRegistry;
  private readonly projects: OpenProjects;

  constructor(
    dataDir: string,
    private readonly clock: Clock,
  ) {
    this.registry = new ProjectRegistry(dataDir);
    this.projects = new OpenProjects(this.registry, clock);
  }

  /**
   * A folder already registered (or already holding a project database) keeps its project. A path not
   * on the server fails with 400, or makes a hosted project when `ifPathMissing` says so.
   */
  register(input: RegisterFolder): Promise<Registered> {
    return storageNeutral(async () => {
      const requested = resolve(input.path);
      let path: string;
      try {
        // Off the event loop, before anything is opened: a path under /proc once spun a mkdir forever.
        // The real path: a folder reached through a symlink is the same project, not a copy of it.
        path = await prepareProjectFolder(requested, { probe: input.probe });
      } catch (err) {
        if (!(err instanceof FolderNotOnServer) || input.ifPathMissing !== 'hosted') throw err;
        const hosted = await this.createHosted({ name: input.name });
        return { ...hosted, notice: `${requested} ${err.reason}: made a hosted project, its data kept by the server` };
      }
      const known = this.registry.findByPath(path);
      const hasDb = existsSync(projectDbFile(path));
      if (input.projectId !== undefined) expectFolderOf(input.projectId, path, known, hasDb);
      if (known && hasDb) return { project: await this.describe(known), created: false };
      // Registered once, but its database is gone (folder deleted and made again): a new project there.
      if (known) this.projects.retire(known.id);

      const db = openProjectDatabase(path);
      let entry: RegistryEntry;
      let created: boolean;
      try {
        const before = readProjectIdentity(db);
        const elsewhere = before ? this.registry.get(before.id) : undefined;
        // The same project id registered elsewhere: a copy of that folder becomes a project of its own; a
        // folder that moved here takes its project along.
        const copy =
          elsewhere !== undefined && elsewhere.path !== path && existsSync(this.registry.databaseFile(elsewhere));
        if (input.projectId !== undefined) expectDatabaseOf(input.projectId, path, before?.id, copy);
        if (elsewhere && !copy) this.projects.retire(elsewhere.id);
        const identity = stampProjectIdentity(db, input.name, iso(this.clock.now()), copy);
        entry = { id: identity.id, name: identity.name, kind: 'folder', path, created_at: identity.created_at };
        created = !before || copy;
      } catch (err) {
        db.close();
        throw err;
      }
      this.registry.upsert(entry);
      this.projects.adopt(entry.id, db, projectDbFile(path));
      return { project: await this.describe(entry), created };
    });
  }

  /** A project whose database lives in the data dir: `<data dir>/projects/<id>/data.db`. */
  createHosted(input: { name: string; id?: string | undefined }): Promise<Registered> {
    return storageNeutral(async () => {
      const id = input.id ?? randomUUID();
      if (!HOSTED_ID.test(id)) {
        const message = `${JSON.stringify(id)} must be 1-100 letters, digits, ".", "_" or "-", not starting with a punctuation mark`;
        throw new ApiError('validation_error', `id: ${message}`, [{ path: 'id', message }]);
      }
      if (this.registry.get(id)) throw new ApiError('conflict', `A project with id ${id} exists already`);
      const file = this.registry.hostedDbFile(id);
      // Never take over a file the registry does not list: it may be a project's data that lost its entry.
      if (existsSync(file)) throw new ApiError('conflict', `${file} exists already; move it away to use id ${id}`);
      // Synchronous from the check to the registry entry: two creations of one id cannot both pass.
      mkdirSync(dirname(file), { recursive: true });
      const db = openProjectDatabaseFile(file);
      let identity: { id: string; name: string; created_at: string };
      try {
        identity = stampProjectIdentity(db, input.name, iso(this.clock.now()), false, id);
      } catch (err) {
        db.close();
        throw err;
      }
      const entry: RegistryEntry = {
        id,
        name: identity.name,
        kind: 'hosted',
        path: null,
        created_at: identity.created_at,
      };
      this.registry.upsert(entry);
      this.projects.adopt(id, db, file);
      return { project: await this.describe(entry), created: true };
    });
  }

  list(): Promise<Project[]> {
    return storageNeutral(() =>
      Promise.all(
        this.registry.list().map(async (entry) => {
          try {
            return await this.describe(entry);
          } catch (err) {
            if (!(err instanceof ApiError) || err.code !== 'project_unavailable') throw err;
            return { ...entry, settings: { ...DEFAULT_SETTINGS }, unavailable: err.message };
          }
        }),
      ),
    );
  }

  /** A full `integrity_check` of the project's database, off the event loop; damage found stops its writes. */
  check(id: string): Promise<ProjectCheck> {
    return storageNeutral(async () => {
      const entry = this.entry(id);
      const file = this.registry.databaseFile(entry);
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
        open = this.projects.open(id);
      } catch {
        // Checked below as a file: the worker says what is wrong with it.
      }
      const report = await checkDatabase(open?.dbName ?? file, 'integrity_check');
      if (!report.ok && !report.inconclusive)
        open?.guard.markDamaged(damaged(file, `integrity_check: ${report.problems.slice(0, 3).join('; ')}`));
      return { project_id: id, file, ...report };
    });
  }

  get(id: string): Promise<Project> {
    return storageNeutral(() => this.describe(this.entry(id)));
  }

  update(id: string, patch: ProjectPatch, actor: string): Promise<Project> {
    return storageNeutral(async () => {
      const entry = this.entry(id);
      const { store } = this.projects.open(id);
      if (patch.settings && Object.keys(patch.settings).length > 0) await store.updateSettings(patch.settings, actor);
      if (patch.name !== undefined && patch.name !== entry.name) {
        await store.setName(patch.name, actor);
        this.registry.upsert({ ...entry, name: patch.name });
      }
      return this.describe(this.registry.get(id) ?? entry);
    });
  }

  /** Synchronous inside: every request opens its project, so the hot path costs no extra turns. */
  open(id: string, options?: OpenOptions): Promise<ProjectStore> {
    try {
      return Promise.resolve(this.projects.open(id, options).store);
    } catch (err) {
      return Promise.reject(neutralized(err));
    }
  }

  /** Export and import of whole projects (src/db/sqlite/archives.ts). */
  archives(): ProjectArchives {
    return new SqliteArchives(this.registry, this.projects);
  }

  close(): Promise<void> {
    return this.projects.close();
  }

  private entry(id: string): RegistryEntry {
    const entry = this.registry.get(id);
    if (!entry) throw new ApiError('project_not_found', `No project with id ${id}`);
    return entry;
  }

  /** A project and its settings; waits for the check run on opening, so damage it finds is reported here. */
  private async describe(entry: RegistryEntry): Promise<Project> {
    const open = this.projects.open(entry.id);
    await open.checked;
    if (open.guard.broken) throw open.guard.broken;
    return { ...entry, settings: await open.store.getSettings() };
  }
}

/** Run `fn`, answering an SQLite failure that escaped the stores (opening, migrating) storage-neutrally. */
async function storageNeutral<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw neutralized(err);
  }
}

function neutralized(err: unknown): unknown {
  const neutral = unnamedStorageError(err);
  if (!neutral) return err;
  console.error(`project database failed: ${neutral.message}`);
  return neutral;
}
