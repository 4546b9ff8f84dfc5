import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, testCluster } from '../../helpers/postgres.js';
import { cpk } from '../../helpers/processes.js';
import { openSse } from '../../helpers/sse.js';
import { removeTempDirs } from '../../helpers/temp.js';
import { type Fleet, makeProject, percentile, projectFolder, sleep, sql, startFleet, wholeLog } from './fleet.js';

/**
 * Live delivery across three replica processes: a stream resumed through another replica, a waiting
 * pickup woken by a create elsewhere (timed), the listener's connection killed, a replica killed mid-lease.
 */
describe.skipIf(!testCluster())('live delivery and faults across replicas', () => {
  let db: { url: string; drop(): Promise<void> };
  let fleet: Fleet;
  let projectId: string;
  const q = () => ({ project_id: projectId });
  const create = (replica: number, title: string) =>
    fleet.apis[replica]!.POST('/api/tasks', { params: { query: q() }, body: { title } });

  beforeAll(async () => {
    db = await createDatabase(testCluster()!, 'fleet_live');
    fleet = await startFleet(db.url, 3);
    projectId = await makeProject(fleet.apis[0]!, 'live');
  });
  afterAll(async () => {
    await fleet?.stop();
    await db?.drop();
    removeTempDirs();
  });

  it('an SSE stream resumed through another replica with Last-Event-ID misses nothing', async () => {
    const first = openSse(fleet.replicas[0]!.url, projectId);
    await first.connected;
    // Writes through all three while the first stream reads.
    for (let i = 0; i < 30; i++) expect((await create(i % 3, `before ${i}`)).response.status).toBe(201);
    const seen = await first.waitFor(30, 10_000);
    first.close();
    const last = seen.at(-1)!.id;
    // Written while no one listens, then more while the resumed stream reads, through the others.
    for (let i = 0; i < 20; i++) await create((i % 2) + 1, `gap ${i}`);
    const resumed = openSse(fleet.replicas[1]!.url, projectId, { 'Last-Event-ID': String(last) });
    await resumed.connected;
    for (let i = 0; i < 20; i++) await create(i % 3, `after ${i}`);
    const expected = (await wholeLog(fleet.apis[2]!, projectId, last)).map((e) => e.id);
    expect(expected).toHaveLength(40);
    await resumed.waitFor(expected.length, 10_000);
    await sleep(200);
    resumed.close();
    expect(resumed.events.map((e) => e.id)).toEqual(expected);
    expect(seen.map((e) => e.id)).toEqual(seen.map((_, i) => seen[0]!.id + i));
  });

  /** Time from a create acknowledged by `creator` to the answer of a pickup waiting on `waiter`. */
  async function wakeDelays(waiter: number, creator: number, rounds: number): Promise<number[]> {
    const delays: number[] = [];
    for (let round = 0; round < rounds; round++) {
      const waiting = fleet.apis[waiter]!.POST('/api/tasks/pickup', {
        params: { query: { ...q(), wait: 10 } },
        body: { agent: `waiter-${round}` },
      });
      await sleep(150);
      const created = await create(creator, `wake ${round}`);
      const at = performance.now();
      const res = await waiting;
      delays.push(performance.now() - at);
      expect(res.data?.data.id).toBe((created.data!.data as { id: string }).id);
    }
    return delays.sort((a, b) => a - b);
  }

  async function drain(): Promise<void> {
    while (
      (await fleet.apis[0]!.POST('/api/tasks/pickup', { params: { query: q() }, body: { agent: 'drain' } })).response
        .status === 200
    );
  }

  it('a pickup waiting on replica A answers soon after a create on B (timed: p50, max), and cpk --wait too', async () => {
    await drain();
    const delays = await wakeDelays(0, 1, 30);
    const figures = `p50 ${percentile(delays, 0.5).toFixed(1)} ms, p90 ${percentile(delays, 0.9).toFixed(1)} ms, max ${delays.at(-1)!.toFixed(1)} ms`;
    console.log(`pickup --wait on A after a create on B: ${figures}`);
    // The goal is 50 ms; asserted generously, since the 2-core machine runs other test files at the
    // same time (idle it measures a few ms). The safety re-read bounds it at about a second.
    expect(percentile(delays, 0.5), figures).toBeLessThan(200);
    expect(delays.at(-1)!, figures).toBeLessThan(1_500);

    // The same through a real `cpk task pickup --wait` on A.
    const where = projectFolder(fleet.replicas[0]!, projectId);
    const waiting = cpk(['task', 'pickup', '--agent', 'cli-waiter', '--wait', '20'], where);
    await sleep(1_500);
    const made = await create(1, 'for the cli');
    const res = await waiting;
    expect(res.code, res.stderr).toBe(0);
    expect(res.json()).toMatchObject({ task_number: (made.data!.data as { task_number: string }).task_number });
  });

  it('the listener killed with pg_terminate_backend: it is back, and wake-ups with it, within 2 s', async () => {
    await drain();
    const listeners = () =>
      sql<{ pid: number }>(
        db.url,
        `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'codepakt-listener'`,
      );
    const before = await listeners();
    expect(before).toHaveLength(3);
    const killedAt = performance.now();
    await sql(db.url, 'SELECT pg_terminate_backend(pid) FROM unnest($1::int[]) AS pid', [before.map((l) => l.pid)]);
    let back = 0;
    for (;;) {
      const now = await listeners();
      if (now.length === 3 && now.every((l) => !before.some((b) => b.pid === l.pid))) break;
      expect(performance.now() - killedAt, 'listeners back').toBeLessThan(5_000);
      await sleep(25);
    }
    back = performance.now() - killedAt;
    console.log(`listeners reconnected ${back.toFixed(0)} ms after pg_terminate_backend`);
    expect(back).toBeLessThan(2_000);
    // Woken by notices again, not only by the safety re-read (about a second).
    const delays = await wakeDelays(2, 0, 10);
    console.log(
      `wake-ups after the reconnect: p50 ${percentile(delays, 0.5).toFixed(1)} ms, max ${delays.at(-1)!.toFixed(1)} ms`,
    );
    // Under the safety re-read's second: the notices are heard again.
    expect(percentile(delays, 0.5)).toBeLessThan(250);
  });

  it('a replica SIGKILLed mid-lease: what it acknowledged stays, and its tasks are reclaimed once their leases lapse', async () => {
    await drain();
    const victim = fleet.replicas[2]!;
    const made = [];
    for (let i = 0; i < 4; i++)
      made.push((await create(2, `leased ${i}`)).data!.data as { id: string; task_number: string });
    const held: string[] = [];
    for (let i = 0; i < 4; i++) {
      const got = await fleet.apis[2]!.POST('/api/tasks/pickup', {
        params: { query: q() },
        body: { agent: `doomed-${i}`, lease_seconds: 2 },
      });
      expect(got.response.status).toBe(200);
      held.push(got.data!.data.task_number);
    }
    await victim.kill();
    // Nothing to claim while the leases run.
    const early = await fleet.apis[0]!.POST('/api/tasks/pickup', { params: { query: q() }, body: { agent: 'heir' } });
    expect(early.response.status).toBe(404);
    await sleep(2_300);
    const reclaimed: string[] = [];
    for (let i = 0; i < 4; i++) {
      const got = await fleet.apis[i % 2]!.POST('/api/tasks/pickup', {
        params: { query: q() },
        body: { agent: `heir-${i}` },
      });
      expect(got.response.status).toBe(200);
      expect(got.data!.data).toMatchObject({ pickups: 2 });
      reclaimed.push(got.data!.data.task_number);
    }
    expect(reclaimed.sort()).toEqual(held.sort());
    const log = await wholeLog(fleet.apis[0]!, projectId);
    expect(
      log
        .filter((e) => e.type === 'task.lease_expired')
        .map((e) => e.payload.task_number)
        .sort(),
    ).toEqual(held.sort());
    expect(log.map((e) => e.id)).toEqual(log.map((_, i) => i + 1));
  });
});
