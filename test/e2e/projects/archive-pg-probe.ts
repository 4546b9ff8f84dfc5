import { databaseFor, testBackend } from '../../helpers/backend.js';
import { withPgClient } from '../../helpers/postgres-cluster.js';

/**
 * Over PostgreSQL (CPK_TEST_BACKEND=postgres): whether a transaction that has written something is
 * open in the database of the server with data dir `dataDir`, i.e. an import is under way; undefined on SQLite.
 */
export async function importUnderWay(dataDir: string): Promise<boolean | undefined> {
  if (testBackend() !== 'postgres') return undefined;
  const { rows } = await withPgClient(await databaseFor(dataDir), (client) =>
    client.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_stat_activity
       WHERE datname = current_database() AND backend_xid IS NOT NULL AND pid <> pg_backend_pid()`,
    ),
  );
  return (rows[0]?.n ?? 0) > 0;
}
