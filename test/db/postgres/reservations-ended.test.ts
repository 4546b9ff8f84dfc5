import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { EXPIRED_RESERVATIONS_SQL } from '../../../src/db/postgres/file-holds.js';
import { loadPgMigrations, migrate, SCHEMA } from '../../../src/db/postgres/migrate.js';
import { manualClock } from '../../helpers/board.js';
import { createDatabase, testCluster } from '../../helpers/postgres.js';
import { useHostedProject } from '../../helpers/postgres-project.js';

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Actual Rows'?: number;
  'Rows Removed by Filter'?: number;
  Plans?: PlanNode[];
}

const nodesOf = (node: PlanNode): PlanNode[] => [node, ...(node.Plans ?? []).flatMap(nodesOf)];

/**
 * Reservation rows outlive their reservations (ids are never reused). Finding the ones that ran out
 * reads only the live ones (migration 0006), however many ended before, and ends each exactly once.
 */
describe.skipIf(!testCluster())('ended reservations', () => {
  const clock = manualClock();
  const project = useHostedProject('reservations_ended', clock);

  it('ends each expired reservation once, leaving released and live ones alone', async () => {
    const s = project.store();
    for (let i = 0; i < 40; i++) {
      const r = await s.files.reserve({ agent: 'ann', files: [`old/${i}.ts`], ttl_seconds: 60 });
      await s.files.release({ agent: 'ann', ids: [r.id] });
    }
    const short = await s.files.reserve({ agent: 'bob', files: ['src/short.ts'], ttl_seconds: 60 });
    const long = await s.files.reserve({ agent: 'cy', files: ['src/long.ts'], ttl_seconds: 3600 });
    clock.advance(61);

    expect((await s.files.expire()).map((r) => r.id)).toEqual([short.id]);
    expect(await s.files.expire()).toEqual([]);
    expect((await s.files.holds()).map((h) => h.files)).toEqual([['src/long.ts']]);
    const { rows } = await project
      .sql()
      .query<{ ended: boolean; n: number }>(
        'SELECT ended, count(*)::int AS n FROM file_reservations WHERE project_id = $1 GROUP BY ended ORDER BY ended',
        [project.projectId()],
      );
    expect(rows).toEqual([
      { ended: false, n: 1 },
      { ended: true, n: 41 },
    ]);
    // The expired one's files are free again; the live one's are not.
    await expect(s.files.reserve({ agent: 'dee', files: ['src/short.ts'] })).resolves.toMatchObject({ agent: 'dee' });
    await expect(s.files.reserve({ agent: 'dee', files: ['src/long.ts'] })).rejects.toMatchObject({ status: 409 });
    expect(long.expires_at > clock.now().toISOString()).toBe(true);
  });

  it('finds the expired ones through the index of live reservations, not every one that ended', async () => {
    const c = project.sql();
    await c.query('BEGIN');
    try {
      // The table is small here: the planner is made to show whether the index can serve the statement.
      await c.query('SET LOCAL enable_seqscan = off');
      const { rows } = await c.query<{ 'QUERY PLAN': { Plan: PlanNode }[] }>(
        `EXPLAIN (ANALYZE, FORMAT JSON) ${EXPIRED_RESERVATIONS_SQL}`,
        [project.projectId(), clock.now().toISOString()],
      );
      const scans = nodesOf(rows[0]!['QUERY PLAN'][0]!.Plan).filter(
        (n) => n['Relation Name'] === 'file_reservations' && n['Node Type'].includes('Scan'),
      );
      expect(scans.map((n) => n['Index Name'])).toEqual(['file_reservations_live']);
      // Two live reservations at most (dee's and cy's); the 41 ended ones are not visited.
      for (const n of scans)
        expect((n['Actual Rows'] ?? 0) + (n['Rows Removed by Filter'] ?? 0)).toBeLessThanOrEqual(2);
    } finally {
      await c.query('ROLLBACK');
    }
  });

  it('migration 0006 marks ended the reservations whose globs were gone, as ends were recorded before', async () => {
    const fresh = await createDatabase(testCluster()!, 'reservations_backfill');
    const m = new pg.Client({ connectionString: fresh.url });
    await m.connect();
    try {
      await migrate(
        m,
        loadPgMigrations().filter((x) => x.version < 6),
      );
      await m.query(`SET search_path = ${SCHEMA}`);
      await m.query("INSERT INTO projects (id, name, created_at) VALUES ('p', 'p', now())");
      await m.query(
        `INSERT INTO file_reservations (project_id, id, agent, files, created_at, expires_at)
         VALUES ('p', 1, 'ann', '{a.ts}', now(), now()), ('p', 2, 'bob', '{b.ts}', now(), now() + interval '1 hour')`,
      );
      await m.query(
        "INSERT INTO reservation_globs (project_id, reservation_id, glob, lead) VALUES ('p', 2, 'b.ts', 'b.ts')",
      );
      expect(
        (
          await migrate(
            m,
            loadPgMigrations().filter((x) => x.version <= 6),
          )
        ).applied,
      ).toEqual([6]);
      const { rows } = await m.query('SELECT id::int AS id, ended FROM file_reservations ORDER BY id');
      expect(rows).toEqual([
        { id: 1, ended: true },
        { id: 2, ended: false },
      ]);
    } finally {
      await m.end();
      await fresh.drop();
    }
  });
});
