import { describe, expect, it } from 'vitest';
import { withPgClient } from '../../helpers/postgres-cluster.js';
import { postgresMissing, testCluster, useTestDatabase } from '../../helpers/postgres.js';

const cluster = testCluster();
if (!cluster) console.warn(postgresMissing());

describe.skipIf(!cluster)('the test run’s PostgreSQL cluster', () => {
  const db = useTestDatabase('cluster');

  it('gives the test file a database of its own, on PostgreSQL 15 or later', async () => {
    const { rows } = await withPgClient(db.url(), (client) =>
      client.query<{ db: string; version: number }>(
        "SELECT current_database() AS db, current_setting('server_version_num')::int AS version",
      ),
    );
    expect(rows[0]?.db).toMatch(/^cluster_[0-9a-f]{8}$/);
    expect(rows[0]?.version).toBeGreaterThanOrEqual(150000);
  });
});
