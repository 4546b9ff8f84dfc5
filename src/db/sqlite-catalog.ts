import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Clock } from '../core/clock.js';
import { iso } from '../core/clock.js';
import type { ProjectArchives } from '../core/archive/port.js';
import { ApiError } from '../core/errors.js';
import type { OpenOptions, ProjectCatalog, ProjectCheck, ProjectPatch, ProjectStore } from '../core/ports.js';
import { DEFAULT_SETTINGS, type Project } from '../core/types.js';
import { checkDatabase } from './integrity-check.js';
import { SqliteArchives } from './sqlite-archives.js';
import { openFailure } from './open-failure.js';
import { type OpenStore, OpenProjects } from './open-projects.js';
import { prepareProjectFolder } from './project-folder.js';
import { openProjectDatabase, projectDbFile, readProjectIdentity, stampProjectIdentity } from './project-store.js';
import { ProjectRegistry, type RegistryEntry } from './registry.js';
import { damaged, unnamedStorageError } from './sqlite-errors.js';

/**
 * The projects of a server on SQLite: the registry (`projects.json` in the data dir) lists the
 * folders, and each folder's `.codepakt/data.db` holds its project.
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

  /** A folder already registered (or already holding a project database) keeps its project. */
  register(input: { name: string; path: string }): Promise<{ project: Project; created: boolean }> {
    return storageNeutral(async () => {
      // Off the event loop, before anything is opened: a path under /proc once spun a mkdir forever.
      // The real path: a folder reached through a symlink is the same project, not a copy of it.
      const path = await prepareProjectFolder(resolve(input.path));
      const known = this.registry.findByPath(path);
      if (known && existsSync(projectDbFile(path))) return { project: await this.describe(known), created: false };
      // Registered once, but its database is gone (folder deleted and made again): a new project there.
      if (known) this.projects.retire(known.id);

      const db = openProjectDatabase(path);
      const before = readProjectIdentity(db);
      const elsewhere = before ? this.registry.get(before.id) : undefined;
      let copy = false;
      if (elsewhere && elsewhere.path !== path) {
        // The same project id in another registered folder: a copy of that folder becomes a project of
        // its own; a folder that moved here takes its project along.
        if (existsSync(projectDbFile(elsewhere.path))) copy = true;
        else this.projects.retire(elsewhere.id);
      }
      const identity = stampProjectIdentity(db, input.name, iso(this.clock.now()), copy);
      const entry: RegistryEntry = { id: identity.id, name: identity.name, path, created_at: identity.created_at };
      this.registry.upsert(entry);
      this.projects.adopt(identity.id, db, path);
      return { project: await this.describe(entry), created: !before || copy };
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

  /** Export and import of whole projects (src/db/sqlite-archives.ts). */
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
