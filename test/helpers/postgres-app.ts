import type { Clock } from '../../src/core/clock.js';
import { systemClock } from '../../src/core/clock.js';
import { LiveFeeds } from '../../src/core/live-feed.js';
import type { OpenOptions, ProjectCatalog, ProjectPatch, RegisterFolder } from '../../src/core/ports.js';
import { type ApiClient, createClient } from '../../src/client/index.js';
import { PostgresCatalog } from '../../src/db/postgres/catalog.js';
import { createApp } from '../../src/server/app.js';
import { createDatabase, testCluster } from './postgres.js';
import { tempDir } from './temp.js';

/**
 * test/helpers/app.ts over PostgreSQL: vitest.postgres.config.ts points the route suites' import of
 * app.js here, so they run unchanged against a PostgreSQL catalog (one database per test file, a
 * catalog per test app). Projects are hosted: a server on PostgreSQL keeps none in a folder.
 */

let database: Promise<string> | undefined;

function fileDatabase(): Promise<string> {
  const cluster = testCluster();
  if (!cluster) throw new Error('PostgreSQL is not installed: the PostgreSQL route suites cannot run');
  database ??= createDatabase(cluster, 'routes').then((db) => db.url);
  return database;
}

/** A catalog usable at once (createTestApp is synchronous) whose calls wait for it to be open. */
class OpeningCatalog implements ProjectCatalog {
  private readonly opened: Promise<PostgresCatalog>;
  constructor(clock: Clock) {
    this.opened = fileDatabase().then((url) => PostgresCatalog.open(url, clock));
    this.opened.catch(() => undefined);
  }
  private async call<T>(fn: (c: PostgresCatalog) => Promise<T>): Promise<T> {
    return fn(await this.opened);
  }
  register(input: RegisterFolder) {
    return this.call((c) => c.register(input));
  }
  createHosted(input: { name: string; id?: string | undefined }) {
    return this.call((c) => c.createHosted(input));
  }
  list() {
    return this.call((c) => c.list());
  }
  get(id: string) {
    return this.call((c) => c.get(id));
  }
  update(id: string, patch: ProjectPatch, actor: string) {
    return this.call((c) => c.update(id, patch, actor));
  }
  check(id: string) {
    return this.call((c) => c.check(id));
  }
  open(id: string, options?: OpenOptions) {
    return this.call((c) => c.open(id, options));
  }
  archives(): ReturnType<ProjectCatalog['archives']> {
    const opened = this.opened;
    return {
      async *exportProject(id) {
        yield* (await opened).archives().exportProject(id);
      },
      importProject: async (archive, options) => (await opened).archives().importProject(archive, options),
    };
  }
  close() {
    return this.call((c) => c.close());
  }
}

export interface TestApp {
  app: ReturnType<typeof createApp>;
  api: ApiClient;
  catalog: ProjectCatalog;
  dataDir: string;
  /** A fresh hosted project; `path` is an empty folder, for tests that want one beside it. */
  project(name?: string): Promise<{ id: string; path: string }>;
  close(): void;
}

export function createTestApp(options: { clock?: Clock; token?: string } = {}): TestApp {
  const clock = options.clock ?? systemClock;
  const catalog = new OpeningCatalog(clock);
  const app = createApp({
    catalog,
    clock,
    startedAt: new Date(),
    token: options.token,
    // As src/server/main.ts sets it for PostgreSQL.
    feeds: new LiveFeeds(catalog, { pollMs: 5 }),
  });
  const api = createClient('http://localhost', {
    fetch: ((req: Request) => app.request(req)) as never,
    token: options.token,
  });
  return {
    app,
    api,
    catalog,
    dataDir: tempDir('cpk-data-'),
    async project(name = 'test') {
      const res = await api.POST('/api/projects', { body: { name } });
      if (!res.data) throw new Error(`project creation failed: ${JSON.stringify(res.error)}`);
      return { id: res.data.data.id, path: tempDir('cpk-project-') };
    },
    close: () => void catalog.close(),
  };
}
