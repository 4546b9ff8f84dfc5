import { createDatabase, testCluster } from './postgres.js';

/**
 * Which store the end-to-end suites' servers run on: SQLite unless CPK_TEST_BACKEND=postgres (set by
 * vitest.e2e-postgres.config.ts), when startServer gives each data dir a fresh database of the run's
 * cluster. A server started again on the same data dir (a restart test) finds the same database.
 */
export type TestBackend = 'sqlite' | 'postgres';

export function testBackend(): TestBackend {
  return process.env.CPK_TEST_BACKEND === 'postgres' ? 'postgres' : 'sqlite';
}

const databases = new Map<string, Promise<string>>();

/** The database of the server with data dir `dataDir` (made on first use). */
export function databaseFor(dataDir: string): Promise<string> {
  let url = databases.get(dataDir);
  if (!url) {
    const cluster = testCluster();
    if (!cluster) throw new Error('CPK_TEST_BACKEND=postgres, but PostgreSQL is not installed');
    url = createDatabase(cluster, 'e2e').then((db) => db.url);
    databases.set(dataDir, url);
  }
  return url;
}
