import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, inject } from 'vitest';
import { type ClusterInfo, withPgClient } from './postgres-cluster.js';

export type { ClusterInfo };

/**
 * PostgreSQL for the tests: one throwaway cluster per test run (started by postgres-setup.ts, see
 * postgres-cluster.ts), and a database of its own for each test file. Without the PostgreSQL binaries
 * the PostgreSQL tests are skipped, saying why.
 */

/** The test run's cluster, or null when PostgreSQL is not installed (see postgresMissing). */
export function testCluster(): ClusterInfo | null {
  return inject('postgres');
}

/** Why PostgreSQL tests are skipped in this run ('' when they run). */
export function postgresMissing(): string {
  return inject('postgresMissing');
}

/** A URL of the same cluster naming another database. */
export function databaseUrl(cluster: ClusterInfo, database: string): string {
  const url = new URL(cluster.url);
  url.pathname = `/${database}`;
  return url.toString();
}

/** A fresh, empty database on the run's cluster; dropped by the returned function. */
export async function createDatabase(
  cluster: ClusterInfo,
  prefix = 'test',
): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `${prefix
    .replace(/[^a-z0-9_]/gi, '_')
    .toLowerCase()
    .slice(0, 40)}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: cluster.url });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name} TEMPLATE template0 ENCODING 'UTF8'`);
  } finally {
    await admin.end();
  }
  return {
    url: databaseUrl(cluster, name),
    drop: async () => {
      await withPgClient(cluster.url, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}

/**
 * A database of this test file's own, made before its tests and dropped after them. `url()` is only
 * valid inside tests (or hooks); null-returning when PostgreSQL is missing.
 */
export function useTestDatabase(prefix: string): { url(): string } {
  let db: { url: string; drop(): Promise<void> } | undefined;
  beforeAll(async () => {
    const cluster = testCluster();
    if (cluster) db = await createDatabase(cluster, prefix);
  });
  afterAll(async () => {
    await db?.drop();
  });
  return {
    url: () => {
      if (!db) throw new Error('no PostgreSQL test database (is PostgreSQL installed?)');
      return db.url;
    },
  };
}
