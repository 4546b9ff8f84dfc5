import { afterAll, describe, expect, it } from 'vitest';
import { loadPgMigrations } from '../../../src/db/postgres/migrate.js';
import { createDatabase, testCluster } from '../../helpers/postgres.js';
import { removeTempDirs } from '../../helpers/temp.js';
import { type Fleet, makeProject, sql, startFleet } from './fleet.js';

/** Twenty server processes started at the same moment on a fresh database: it is migrated once, and all serve. */
describe.skipIf(!testCluster())('twenty replicas starting at once', () => {
  let db: { url: string; drop(): Promise<void> } | undefined;
  let fleet: Fleet | undefined;
  afterAll(async () => {
    await fleet?.stop();
    await db?.drop();
    removeTempDirs();
  });

  it('migrate the database once, and every one serves the same projects', async () => {
    db = await createDatabase(testCluster()!, 'fleet_start');
    fleet = await startFleet(db.url, 20);
    const migrations = loadPgMigrations();
    const rows = await sql<{ version: number; applied_at: Date }>(
      db.url,
      'SELECT version, applied_at FROM codepakt.schema_migrations ORDER BY version',
    );
    expect(rows.map((r) => r.version)).toEqual(migrations.map((m) => m.version));
    // One transaction applied them all (now() is its start): one server migrated, the others found it done.
    expect(new Set(rows.map((r) => r.applied_at.getTime())).size).toBe(1);
    for (const r of fleet.replicas) expect(r.log()).not.toMatch(/error|already exists/i);
    const id = await makeProject(fleet.apis[7]!, 'seen by all');
    const names = await Promise.all(
      fleet.apis.map(
        async (api) => (await api.GET('/api/projects/{id}', { params: { path: { id } } })).data?.data.name,
      ),
    );
    expect(names).toEqual(Array(20).fill('seen by all'));
  }, 180_000);
});
