import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../../src/core/clock.js';
import type { Task } from '../../../src/core/types.js';
import { PostgresCatalog } from '../../../src/db/postgres/catalog.js';
import { testCluster, useTestDatabase } from '../../helpers/postgres.js';

/**
 * A group of claims reads its candidates with the project's lock, before it knows who joins it (see
 * Batcher.ahead). Whoever joins while it waits for the lock must still get what claims made one by
 * one would: these tests hold the lock from outside (as another replica's transaction would) while
 * the group forms.
 */
describe.skipIf(!testCluster())('claims read ahead with the project lock', () => {
  const db = useTestDatabase('claim_ahead');
  let catalog: PostgresCatalog;
  let holder: pg.Client;
  beforeAll(async () => {
    catalog = await PostgresCatalog.open(db.url(), systemClock);
    holder = new pg.Client({ connectionString: db.url() });
    await holder.connect();
  });
  afterAll(async () => {
    await holder?.end();
    await catalog?.close();
  });

  /** Hold project `id`'s counter row until the returned function is called. */
  async function holdLock(id: string): Promise<() => Promise<void>> {
    await holder.query('BEGIN');
    await holder.query('SELECT 1 FROM codepakt.project_counters WHERE project_id = $1 FOR UPDATE', [id]);
    return async () => {
      await holder.query('COMMIT');
    };
  }

  /** Until a transaction of the project waits for the lock the holder has (its reads ahead sent behind it). */
  async function someoneWaits(): Promise<void> {
    for (let i = 0; i < 250; i++) {
      const { rows } = await holder.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
      );
      if ((rows[0]?.n ?? 0) > 0) return;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error('no transaction waits for the lock');
  }

  it('a write that joins the group before the claims makes them read again: a P0 created beside them is claimed first', async () => {
    const id = (await catalog.createHosted({ name: 'joined-write' })).project.id;
    const store = await catalog.open(id);
    await store.tasks.create([{ title: 'old one' }, { title: 'old two' }], 'lead');
    const release = await holdLock(id);
    const first = store.tasks.pickup({ agent: 'first' });
    await someoneWaits();
    // Both join the group of `first` once it holds the lock: the create runs before the claims.
    const created = store.tasks.create([{ title: 'urgent', priority: 'P0' }], 'lead');
    const second = store.tasks.pickup({ agent: 'second' });
    await release();
    const [a, , b] = (await Promise.all([first, created, second])) as [Task | null, unknown, Task | null];
    expect(a).toMatchObject({ title: 'urgent', assignee: 'first' });
    expect(b).toMatchObject({ title: 'old one', assignee: 'second' });
    const events = await store.events.list({ limit: 100 });
    expect(events.map((e) => e.id)).toEqual(events.map((_, i) => i + 1));
    // One transaction: the create and both claims share a created_at.
    const last = events.slice(-3);
    expect(last.map((e) => e.type)).toEqual(['task.created', 'task.pickup', 'task.pickup']);
    expect(new Set(last.map((e) => e.created_at)).size).toBe(1);
  });

  it('more agents joining than were read for get the candidates after those, in board order', async () => {
    const id = (await catalog.createHosted({ name: 'more-joined' })).project.id;
    const store = await catalog.open(id);
    const priorities = ['P2', 'P1', 'P0'] as const;
    await store.tasks.create(
      Array.from({ length: 12 }, (_, i) => ({ title: `t${i + 1}`, priority: priorities[i % 3] })),
      'lead',
    );
    const release = await holdLock(id);
    // Read ahead for one (the only one queued), joined by five more while the lock is held.
    const claims = [store.tasks.pickup({ agent: 'agent-0' })];
    await someoneWaits();
    for (let i = 1; i < 6; i++) claims.push(store.tasks.pickup({ agent: `agent-${i}` }));
    await release();
    const got = await Promise.all(claims);
    expect(got.map((t) => t?.title)).toEqual(['t3', 't6', 't9', 't12', 't2', 't5']);
    expect(got.map((t) => t?.assignee)).toEqual(['agent-0', 'agent-1', 'agent-2', 'agent-3', 'agent-4', 'agent-5']);
    // The next group reads ahead for as many as the last one had, fewer joining: each still gets the best.
    const [x, y] = await Promise.all([store.tasks.pickup({ agent: 'x' }), store.tasks.pickup({ agent: 'y' })]);
    expect([x?.title, y?.title]).toEqual(['t8', 't11']);
    const open = await store.tasks.list({ status: ['open'], limit: 100 });
    expect(open.tasks.map((t) => t.title)).toEqual(['t1', 't4', 't7', 't10']);
  });

  it('a task locked by another transaction is stepped over, and claimed once it is free again', async () => {
    const id = (await catalog.createHosted({ name: 'row-locked' })).project.id;
    const store = await catalog.open(id);
    await store.tasks.create([{ title: 'busy' }, { title: 'free' }], 'lead');
    // A row lock without the counter lock: what SKIP LOCKED steps around.
    await holder.query('BEGIN');
    await holder.query('SELECT 1 FROM codepakt.tasks WHERE project_id = $1 AND number = 1 FOR NO KEY UPDATE', [id]);
    const first = await store.tasks.pickup({ agent: 'first' });
    await holder.query('COMMIT');
    const second = await store.tasks.pickup({ agent: 'second' });
    expect([first?.title, second?.title]).toEqual(['free', 'busy']);
  });
});
