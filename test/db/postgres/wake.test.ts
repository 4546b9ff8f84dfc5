import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Clock } from '../../../src/core/clock.js';
import { LiveFeeds } from '../../../src/core/live-feed.js';
import { pickupTask } from '../../../src/core/pickup-wait.js';
import { PostgresCatalog } from '../../../src/db/postgres/catalog.js';
import { testCluster, useTestDatabase } from '../../helpers/postgres.js';

/** A waiting pickup and the notices of another replica's commits (two catalogs stand for two replicas). */
describe.skipIf(!testCluster())('a pickup waiting on one replica, woken by another', () => {
  const db = useTestDatabase('wake');
  let at = Date.parse('2026-03-01T10:00:00.000Z');
  const clock: Clock = { now: () => new Date(at) };
  let a: PostgresCatalog;
  let b: PostgresCatalog;
  let admin: pg.Client;
  beforeAll(async () => {
    [a, b] = await Promise.all([PostgresCatalog.open(db.url(), clock), PostgresCatalog.open(db.url(), clock)]);
    admin = new pg.Client({ connectionString: db.url() });
    await admin.connect();
  });
  afterAll(async () => {
    await admin?.end();
    await Promise.all([a?.close(), b?.close()]);
  });

  /** When the agent was last seen: each pickup attempt, waiting or not, refreshes it. */
  async function lastSeen(projectId: string, agent: string): Promise<string | undefined> {
    const { rows } = await admin.query<{ last_seen: Date }>(
      'SELECT last_seen FROM codepakt.agents WHERE project_id = $1 AND name = $2',
      [projectId, agent],
    );
    return rows[0]?.last_seen.toISOString();
  }

  it('tries again at once on a commit that may have freed work, and not on one that cannot have', async () => {
    const id = (await a.createHosted({ name: 'wake' })).project.id;
    const [sa, sb] = await Promise.all([a.open(id), b.open(id)]);
    // No polling to speak of: only the notices can wake the pickup.
    const feeds = new LiveFeeds(a, { pollMs: 60_000 });
    const abort = new AbortController();
    const waiting = pickupTask(sa, feeds, { agent: 'waiter' }, { ms: 10_000, signal: abort.signal });
    try {
      await new Promise((r) => setTimeout(r, 200));
      expect(await lastSeen(id, 'waiter')).toBe('2026-03-01T10:00:00.000Z');
      at += 10_000;
      // A rename frees nothing: no attempt, so the agent is not seen again.
      await sb.setName('renamed', 'lead');
      await new Promise((r) => setTimeout(r, 300));
      expect(await lastSeen(id, 'waiter')).toBe('2026-03-01T10:00:00.000Z');
      const created = Date.now();
      await sb.tasks.create([{ title: 'fresh' }], 'lead');
      const { task } = await waiting;
      expect(Date.now() - created).toBeLessThan(500);
      expect(task).toMatchObject({ title: 'fresh', assignee: 'waiter' });
      expect(await lastSeen(id, 'waiter')).toBe('2026-03-01T10:00:10.000Z');
    } finally {
      abort.abort();
      await waiting.catch(() => undefined);
    }
  });
});
