import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { ApiError } from './errors.js';
import type { Clock } from './clock.js';
import { iso } from './clock.js';
import type { EventBus } from './event-bus.js';
import type { ProjectStore } from './store.js';
import type { Project, ProjectSettings } from './types.js';
import { ProjectRegistry, type RegistryEntry } from '../db/registry.js';
import { openProjectDatabase, readProjectIdentity, stampProjectIdentity } from '../db/project-store.js';
import { SqliteProjectStore } from '../db/sqlite-store.js';

/** The projects this server serves: the registry plus each project's open store. */
export class ProjectHub {
  private readonly registry: ProjectRegistry;
  private readonly stores = new Map<string, ProjectStore>();

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
    if (known) return { project: await this.describe(known), created: false };

    const db = openProjectDatabase(path);
    const before = readProjectIdentity(db);
    const identity = stampProjectIdentity(db, name, iso(this.clock.now()));
    const entry: RegistryEntry = { id: identity.id, name: identity.name, path, created_at: identity.created_at };
    this.registry.upsert(entry);
    this.adopt(identity.id, db);
    return { project: await this.describe(entry), created: !before };
  }

  async list(): Promise<Project[]> {
    const out: Project[] = [];
    for (const entry of this.registry.list()) out.push(await this.describe(entry));
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

  /** The open store of a registered project; opened on first use. */
  store(id: string): ProjectStore {
    const cached = this.stores.get(id);
    if (cached) return cached;
    const entry = this.registry.get(id);
    if (!entry) throw new ApiError('project_not_found', `No project with id ${id}`);
    let db;
    try {
      db = openProjectDatabase(entry.path);
    } catch (err) {
      throw new ApiError('project_unavailable', `Project ${entry.name} cannot open its database at ${entry.path}/.codepakt/data.db: ${(err as Error).message}`);
    }
    return this.adopt(id, db);
  }

  close(): void {
    for (const store of this.stores.values()) store.close();
    this.stores.clear();
  }

  private adopt(id: string, db: ReturnType<typeof openProjectDatabase>): ProjectStore {
    const existing = this.stores.get(id);
    if (existing) {
      db.close();
      return existing;
    }
    const store = new SqliteProjectStore(id, db, this.clock, (events) => this.bus.publish(id, events));
    this.stores.set(id, store);
    return store;
  }

  private async describe(entry: RegistryEntry): Promise<Project> {
    const store = this.store(entry.id);
    return { id: entry.id, name: entry.name, path: entry.path, created_at: entry.created_at, settings: await store.getSettings() };
  }
}
