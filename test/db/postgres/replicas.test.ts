import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../../src/core/clock.js';
import { LiveFeeds } from '../../../src/core/live-feed.js';
import { pickupTask } from '../../../src/core/pickup-wait.js';
import type { EventRecord, Task } from '../../../src/core/types.js';
import { PostgresCatalog } from '../../../src/db/postgres/catalog.js';
import { testCluster, useTestDatabase } from '../../helpers/postgres.js';

/** Two catalogs on one database stand for two server replicas (each its own pool and listener). */
describe.skipIf(!testCluster())('replicas over one PostgreSQL database', () => {
  const db = useTestDatabase('replicas');
  let a: PostgresCatalog;
  let b: PostgresCatalog;
  beforeAll(async () => {
    [a, b] = await Promise.all([
      PostgresCatalog.open(db.url(), systemClock),
      PostgresCatalog.open(db.url(), systemClock),
    ]);
  });
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
  });

  it('concurrent pickups through both never claim a task twice, in priority order, with a gapless log', async () => {
    const id = (await a.createHosted({ name: 'race' })).project.id;
    const [sa, sb] = await Promise.all([a.open(id), b.open(id)]);
    const priorities = ['P2', 'P0', 'P1'] as const;
    await sa.tasks.create(
      Array.from({ length: 300 }, (_, i) => ({ title: `t${i}`, priority: priorities[i % 3] })),
      'lead',
    );
    const claims: { task: Task; agent: string }[] = [];
    const worker = async (store: typeof sa, agent: string) => {
      for (;;) {
        const task = await store.tasks.pickup({ agent });
        if (!task) return;
        claims.push({ task, agent });
      }
    };
    await Promise.all(Array.from({ length: 16 }, (_, i) => worker(i % 2 ? sa : sb, `agent-${i}`)));
    expect(claims).toHaveLength(300);
    expect(new Set(claims.map((c) => c.task.task_number)).size).toBe(300);
    const events = await sb.events.list({ limit: 1000 });
    expect(events.map((e) => e.id)).toEqual(events.map((_, i) => i + 1));
    const pickups = events.filter((e) => e.type === 'task.pickup');
    expect(pickups).toHaveLength(300);
    // Claims serialize on the project: in commit order, every P0 before any P1, every P1 before any P2.
    const order = pickups.map((e) => (e.payload as { priority: string }).priority);
    expect(order).toEqual([...order].sort());
    const numbers = pickups.map((e) => Number((e.payload as { task_number: string }).task_number.slice(2)));
    for (const p of ['P0', 'P1', 'P2']) {
      const own = numbers.filter((_, i) => order[i] === p);
      expect(own).toEqual([...own].sort((x, y) => x - y));
    }
    expect((await a.check(id)).problems).toEqual([]);
  });

  it('a commit through one is delivered to a live feed on the other, and wakes a pickup waiting there', async () => {
    const id = (await a.createHosted({ name: 'live' })).project.id;
    const [sa, sb] = await Promise.all([a.open(id), b.open(id)]);
    // No polling to speak of: the listener's notice alone must wake the feed and the waiting pickup.
    const feeds = new LiveFeeds(a, { pollMs: 60_000 });
    const seen: EventRecord[] = [];
    const sub = await feeds.subscribe(id, { batch: (batch) => seen.push(...batch.events), failed: () => undefined });
    try {
      const abort = new AbortController();
      const started = Date.now();
      const waiting = pickupTask(sa, feeds, { agent: 'waiter' }, { ms: 10_000, signal: abort.signal });
      await new Promise((r) => setTimeout(r, 200));
      const created = Date.now();
      await sb.tasks.create([{ title: 'fresh' }], 'lead');
      const { task } = await waiting;
      const woke = Date.now() - created;
      expect(task).toMatchObject({ title: 'fresh', assignee: 'waiter' });
      expect(Date.now() - started).toBeGreaterThanOrEqual(200);
      expect(woke).toBeLessThan(500);
      for (let i = 0; i < 100 && seen.length < 2; i++) await new Promise((r) => setTimeout(r, 20));
      expect(seen.map((e) => e.type)).toEqual(['task.created', 'task.pickup']);
      expect(seen.map((e) => e.id)).toEqual([2, 3]);
    } finally {
      sub.unsubscribe();
    }
  });

  it('without its listener, a server still finds the others\u2019 commits: the safety re-read, about once a second', async () => {
    const c = await PostgresCatalog.open(db.url(), systemClock);
    try {
      // As if every notice were lost: the listener is gone for good.
      await (c as unknown as { hints: { close(): Promise<void> } }).hints.close();
      const id = (await a.createHosted({ name: 'deaf' })).project.id;
      const deaf = await c.open(id);
      const feeds = new LiveFeeds(c, { pollMs: 20 });
      const seen: EventRecord[] = [];
      const sub = await feeds.subscribe(id, { batch: (batch) => seen.push(...batch.events), failed: () => undefined });
      try {
        const at = Date.now();
        await (await b.open(id)).tasks.create([{ title: 'unheard' }], 'lead');
        while (seen.length === 0 && Date.now() - at < 5000) await new Promise((r) => setTimeout(r, 20));
        expect(seen.map((e) => e.type)).toEqual(['task.created']);
        expect(Date.now() - at).toBeLessThan(2500);
        expect((await deaf.tasks.get('T-001')).title).toBe('unheard');
      } finally {
        sub.unsubscribe();
      }
    } finally {
      await c.close();
    }
  });
});
