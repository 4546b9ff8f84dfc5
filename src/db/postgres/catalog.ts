import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { Clock } from '../../core/clock.js';
import { iso } from '../../core/clock.js';
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
import type { ProjectArchives } from '../../core/archive/port.js';
import type { Project } from '../../core/types.js';
import { HOSTED_ID } from '../sqlite/registry.js';
import { PgArchives } from './archives.js';
import { checkProject } from './check.js';
import { CommitListener } from './listener.js';
import { migrate, SchemaTooNew } from './migrate.js';
import { createPool, withClient } from './pool.js';
import { PgProjectStore } from './store.js';
import { parseSettings, readQuery, writeProject } from './write.js';

export interface PostgresCatalogOptions {
  /** Pool connections at most. */
  maxConnections?: number | undefined;
  /** How long a write waits for its project's lock before answering 503 (default 15 s). */
  lockTimeoutMs?: number | undefined;
}

interface ProjectRow {
  id: string;
  name: string;
  created_at: Date;
  settings: unknown;
}

/**
 * The projects of a server over PostgreSQL: every project lives in the database (hosted), shared by
 * every server started on it. A folder cannot be registered: the data of such a server is never in a
 * folder. `register` with `ifPathMissing: 'hosted'` (what `cpk init` sends) makes a hosted project and
 * says so; otherwise it answers 400 naming the way (a hosted project, or `cpk export`/`cpk import` to
 * move a folder's board in).
 */
export class PostgresCatalog implements ProjectCatalog {
  private readonly stores = new Map<string, PgProjectStore>();
  private closed = false;

  private constructor(
    private readonly pool: pg.Pool,
    private readonly hints: CommitListener,
    private readonly clock: Clock,
    private readonly where: string,
  ) {}

  /** Connect, migrate (once, whatever other servers start at the same moment) and start listening. */
  static async open(url: string, clock: Clock, options: PostgresCatalogOptions = {}): Promise<PostgresCatalog> {
    const pool = createPool(url, { max: options.maxConnections, lockTimeoutMs: options.lockTimeoutMs });
    const own = new Set<number>();
    const pid = (c: pg.PoolClient) => (c as unknown as { processID: number | null }).processID;
    pool.on('connect', (c) => {
      const id = pid(c);
      if (id !== null) own.add(id);
    });
    pool.on('remove', (c) => {
      const id = pid(c);
      if (id !== null) own.delete(id);
    });
    const hints = new CommitListener(url, own);
    try {
      await withClient(pool, (client) => migrate(client));
      await hints.start();
    } catch (err) {
      await hints.close();
      await pool.end().catch(() => undefined);
      if (err instanceof SchemaTooNew) throw err;
      // Said when the server starts: which database, and what PostgreSQL answered (never the password).
      throw new Error(`Cannot use the ${describeUrl(url)}: ${err instanceof Error ? err.message : String(err)}`, {
        cause: err,
      });
    }
    return new PostgresCatalog(pool, hints, clock, describeUrl(url));
  }

  async register(input: RegisterFolder): Promise<Registered> {
    if (input.ifPathMissing === 'hosted' && input.projectId === undefined) {
      const hosted = await this.createHosted({ name: input.name });
      return {
        ...hosted,
        notice: `This server keeps every project in its database (${this.where}), never in a folder: made a hosted project; ${input.path} holds none of its data`,
      };
    }
    const message = `This server keeps every project in its database (${this.where}), never in a folder: omit path for a hosted project${
      input.projectId !== undefined ? ', or move that folder’s board in with `cpk export` and `cpk import`' : ''
    }`;
    throw new ApiError('validation_error', `path: ${message}`, [{ path: 'path', message }]);
  }

  async createHosted(input: { name: string; id?: string | undefined }): Promise<Registered> {
    const id = input.id ?? randomUUID();
    if (!HOSTED_ID.test(id)) {
      const message = `${JSON.stringify(id)} must be 1-100 letters, digits, ".", "_" or "-", not starting with a punctuation mark`;
      throw new ApiError('validation_error', `id: ${message}`, [{ path: 'id', message }]);
    }
    const now = iso(this.clock.now());
    await writeProject(
      this.pool,
      id,
      () => now,
      async (w) => {
        w.record({
          type: 'project.created',
          entity_id: id,
          actor: 'system',
          payload: { id, name: input.name, created_at: now },
        });
      },
      {
        prepare: async (client) => {
          const { rowCount } = await client.query(
            `INSERT INTO projects (id, name, created_at) VALUES ($1, $2, $3) ON CONFLICT (id) DO NOTHING`,
            [id, input.name, now],
          );
          if (rowCount === 0) throw new ApiError('conflict', `A project with id ${id} exists already`);
          await client.query('INSERT INTO project_counters (project_id) VALUES ($1)', [id]);
        },
      },
    );
    return { project: await this.get(id), created: true };
  }

  async list(): Promise<Project[]> {
    const rows = await readQuery<ProjectRow>(this.pool, 'SELECT * FROM projects ORDER BY created_at, id');
    return rows.map(toProject);
  }

  async get(id: string): Promise<Project> {
    const rows = await readQuery<ProjectRow>(this.pool, 'SELECT * FROM projects WHERE id = $1', [id]);
    const row = rows[0];
    if (!row) throw new ApiError('project_not_found', `No project with id ${id}`);
    return toProject(row);
  }

  async update(id: string, patch: ProjectPatch, actor: string): Promise<Project> {
    const store = await this.open(id);
    if (patch.settings && Object.keys(patch.settings).length > 0) await store.updateSettings(patch.settings, actor);
    if (patch.name !== undefined && patch.name !== (await this.get(id)).name) await store.setName(patch.name, actor);
    return this.get(id);
  }

  async check(id: string): Promise<ProjectCheck> {
    await this.get(id);
    return checkProject(this.pool, id, this.where);
  }

  async open(id: string, _options?: OpenOptions): Promise<ProjectStore> {
    if (this.closed) throw new ApiError('shutting_down', 'The server is shutting down; retry once it is back');
    const known = this.stores.get(id);
    if (known) return known;
    await this.get(id);
    const store = this.stores.get(id) ?? new PgProjectStore(id, this.pool, this.clock, this.hints);
    this.stores.set(id, store);
    return store;
  }

  /** Export and import of whole projects, in the archive format SQLite uses (see archives.ts). */
  archives(): ProjectArchives {
    return new PgArchives(this.pool, this.where);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const store of this.stores.values()) await store.close();
    await this.hints.close();
    await this.pool.end();
  }
}

function toProject(row: ProjectRow): Project {
  return {
    id: row.id,
    name: row.name,
    kind: 'hosted',
    path: null,
    created_at: row.created_at.toISOString(),
    settings: parseSettings(row.settings),
  };
}

/** The database a URL names, for messages: never its password. */
export function describeUrl(url: string): string {
  try {
    const u = new URL(url);
    return `PostgreSQL database ${u.pathname.replace(/^\//, '') || '(default)'} on ${u.hostname || 'localhost'}${u.port ? `:${u.port}` : ''}`;
  } catch {
    return 'a PostgreSQL database';
  }
}
