import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../../src/core/clock.js';
import { ApiError } from '../../../src/core/errors.js';
import type { ProjectStore } from '../../../src/core/ports.js';
import { PostgresCatalog } from '../../../src/db/postgres/catalog.js';
import { type Cluster, startCluster, withPgClient as admin } from '../../helpers/postgres-cluster.js';
import { createDatabase, testCluster } from '../../helpers/postgres.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Terminate the backends of `application` (every codepakt connection by default); how many were. */
function terminate(url: string, application = 'codepakt%'): Promise<number> {
  return admin(url, async (c) => {
    const { rows } = await c.query(
      'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name LIKE $1 AND pid <> pg_backend_pid()',
      [application],
    );
    return rows.length;
  });
}

async function until(what: string, check: () => Promise<boolean>, ms: number): Promise<number> {
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > ms) throw new Error(`${what}: not within ${ms} ms`);
    await sleep(20);
  }
  return Date.now() - start;
}

/** Its own cluster: these tests stop and kill it. */
describe.skipIf(!testCluster())('PostgreSQL faults', () => {
  let cluster: Cluster;
  let a: PostgresCatalog;
  let b: PostgresCatalog;
  let sa: ProjectStore;
  let sb: ProjectStore;
  beforeAll(async () => {
    // Durable: an immediate stop must not lose what was acknowledged.
    cluster = await startCluster(testCluster()!.bin, { durable: true });
    [a, b] = await Promise.all([
      PostgresCatalog.open(cluster.url, systemClock),
      PostgresCatalog.open(cluster.url, systemClock),
    ]);
    const id = (await a.createHosted({ name: 'faults' })).project.id;
    [sa, sb] = await Promise.all([a.open(id), b.open(id)]);
  });
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
    await cluster?.stop();
  });

  it('connections terminated under the pool are replaced: reads and writes go on', async () => {
    await sa.tasks.create([{ title: 'one' }], 'lead');
    expect(await terminate(cluster.url, 'codepakt')).toBeGreaterThan(0);
    await sleep(50);
    expect((await sa.tasks.get('T-001')).title).toBe('one');
    expect((await sa.tasks.create([{ title: 'two' }], 'lead'))[0]?.task_number).toBe('T-002');
    const events = await sa.events.list({ limit: 100 });
    expect(events.map((e) => e.id)).toEqual(events.map((_, i) => i + 1));
  });

  it('the listener, terminated, reconnects and hears other servers again within 2 s', async () => {
    const listeners = () =>
      admin(cluster.url, async (c) => {
        const { rows } = await c.query(
          "SELECT pid FROM pg_stat_activity WHERE application_name = 'codepakt-listener' ORDER BY pid",
        );
        return rows.map((r: { pid: number }) => r.pid).join(',');
      });
    const before = await listeners();
    expect(await terminate(cluster.url, 'codepakt-listener')).toBe(2);
    await until(
      'both listeners back',
      async () => {
        const now = await listeners();
        return now.split(',').length === 2 && now !== before;
      },
      2000,
    );
    // Heard, not found by the safety re-read: the mark is taken right after a read of its own.
    const mark = await sa.events.outsideCommitMark();
    await sb.tasks.create([{ title: 'heard' }], 'lead');
    const ms = await until('a\u2019s mark to move', async () => (await sa.events.outsideCommitMark()) !== mark, 2000);
    expect(ms).toBeLessThan(500);
  });

  it('with the database down every call answers 503 storage_unavailable; once it is back, they work again', async () => {
    await cluster.halt('immediate');
    for (const call of [
      () => sa.tasks.get('T-001'),
      () => sa.tasks.create([{ title: 'lost' }], 'lead'),
      () => sa.tasks.pickup({ agent: 'ann' }),
      () => sa.docs.search({ q: 'x', limit: 5 }),
      () => sa.events.list({ limit: 5 }),
      () => a.list(),
    ]) {
      const err = await call().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(ApiError);
      expect(err).toMatchObject({ code: 'storage_unavailable', status: 503 });
      expect((err as Error).message).toMatch(/^The database cannot be reached \(/);
    }
    await cluster.resume();
    await until(
      'reads back',
      () =>
        sa.tasks.get('T-001').then(
          () => true,
          () => false,
        ),
      10_000,
    );
    expect((await sa.tasks.create([{ title: 'after' }], 'lead'))[0]?.task_number).toBe('T-004');
    const mark = await sa.events.outsideCommitMark();
    await until(
      'listener back',
      async () => {
        await sb.tasks.heartbeat('T-001', { agent: 'x' }).catch(() => undefined);
        await sb.tasks.addNote('T-001', { author: 'lead', text: 'ping' });
        return (await sa.events.outsideCommitMark()) !== mark;
      },
      10_000,
    );
    const events = await sa.events.list({ limit: 100 });
    expect(events.map((e) => e.id)).toEqual(events.map((_, i) => i + 1));
  });
});

describe.skipIf(!testCluster())('a project whose lock another session holds', () => {
  it('answers 503 storage_unavailable once the lock timeout passes, and works once the lock is gone', async () => {
    const db = await createDatabase(testCluster()!, 'locked');
    const catalog = await PostgresCatalog.open(db.url, systemClock, { lockTimeoutMs: 300 });
    const holder = new pg.Client({ connectionString: db.url });
    try {
      const id = (await catalog.createHosted({ name: 'locked' })).project.id;
      const s = await catalog.open(id);
      await holder.connect();
      await holder.query('BEGIN');
      await holder.query('SELECT 1 FROM codepakt.project_counters WHERE project_id = $1 FOR UPDATE', [id]);
      const started = Date.now();
      const err = await s.tasks.create([{ title: 'waits' }], 'lead').then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toMatchObject({ code: 'storage_unavailable', status: 503 });
      expect((err as Error).message).toMatch(/^The project is busy: the database gave up waiting \(55P03/);
      expect(Date.now() - started).toBeLessThan(3000);
      await holder.query('ROLLBACK');
      expect((await s.tasks.create([{ title: 'goes' }], 'lead'))[0]?.task_number).toBe('T-001');
    } finally {
      await holder.end().catch(() => undefined);
      await catalog.close();
      await db.drop();
    }
  });
});
