import { systemClock, type Clock } from '../../src/core/clock.js';
import { SqliteCatalog } from '../../src/db/sqlite/catalog.js';
import { createApp } from '../../src/server/app.js';
import { createClient, type ApiClient } from '../../src/client/index.js';
import { tempDir } from './temp.js';

export interface TestApp {
  app: ReturnType<typeof createApp>;
  api: ApiClient;
  catalog: SqliteCatalog;
  dataDir: string;
  /** Register a fresh project folder and return its id. */
  project(name?: string): Promise<{ id: string; path: string }>;
  close(): void;
}

/** The real app over a temporary data dir, called in-process through the typed client. */
export function createTestApp(options: { clock?: Clock; token?: string } = {}): TestApp {
  const dataDir = tempDir('cpk-data-');
  const clock = options.clock ?? systemClock;
  const catalog = new SqliteCatalog(dataDir, clock);
  const app = createApp({ catalog, clock, startedAt: new Date(), token: options.token });
  const api = createClient('http://localhost', {
    fetch: ((req: Request) => app.request(req)) as never,
    token: options.token,
  });
  return {
    app,
    api,
    catalog,
    dataDir,
    async project(name = 'test') {
      const path = tempDir('cpk-project-');
      const res = await api.POST('/api/projects', { body: { name, path } });
      if (!res.data) throw new Error(`project registration failed: ${JSON.stringify(res.error)}`);
      return { id: res.data.data.id, path };
    },
    close: () => void catalog.close(),
  };
}
