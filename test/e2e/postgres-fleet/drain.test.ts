import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, testCluster } from '../../helpers/postgres.js';
import { cpk } from '../../helpers/processes.js';
import { removeTempDirs } from '../../helpers/temp.js';
import { type Fleet, type LoggedEvent, makeProject, projectFolder, startFleet, wholeLog } from './fleet.js';

/**
 * Three replicas over one database; 8 `cpk` processes and 32 HTTP clients drain 2,000 tasks, half of
 * them made while the draining goes on. Checked from the log afterwards: no task claimed twice, every
 * claim the best open task at the moment it committed, and the log gapless, the same through every replica.
 */
const UPFRONT = 1000;
const DURING = 1000;
const TOTAL = UPFRONT + DURING;
const PRIORITIES = ['P0', 'P1', 'P2'] as const;

describe.skipIf(!testCluster())('a fleet of replicas draining one board', () => {
  let db: { url: string; drop(): Promise<void> };
  let fleet: Fleet;
  let projectId: string;

  beforeAll(async () => {
    db = await createDatabase(testCluster()!, 'fleet_drain');
    fleet = await startFleet(db.url, 3);
    projectId = await makeProject(fleet.apis[0]!, 'drain');
  });
  afterAll(async () => {
    await fleet?.stop();
    await db?.drop();
    removeTempDirs();
  });

  const add = async (replica: number, from: number, count: number) => {
    const res = await fleet.apis[replica]!.POST('/api/tasks', {
      params: { query: { project_id: projectId } },
      body: Array.from({ length: count }, (_, i) => ({
        title: `task ${from + i}`,
        // Not in number order: later tasks often outrank earlier ones.
        priority: PRIORITIES[((from + i) * 7919) % 3]!,
      })),
    });
    expect(res.response.status, JSON.stringify(res.error)).toBe(201);
  };

  it('2,000 tasks: 0 double claims, each claim the best available at its commit, the log gapless', async () => {
    for (let from = 0; from < UPFRONT; from += 250) await add(from % 3, from, 250);
    let creating = true;
    const creator = (async () => {
      for (let from = UPFRONT; from < TOTAL; from += 50) {
        await add((from / 50) % 3, from, 50);
        await new Promise((r) => setTimeout(r, 20));
      }
      creating = false;
    })();
    const claims: { task: string; agent: string; replica: number }[] = [];
    const failures: string[] = [];
    const http = Array.from({ length: 32 }, async (_, i) => {
      const replica = i % 3;
      const agent = `http-${i}`;
      for (;;) {
        const stillCreating = creating;
        const got = await fleet.apis[replica]!.POST('/api/tasks/pickup', {
          params: { query: { project_id: projectId } },
          body: { agent },
        });
        if (got.response.status === 404) {
          if (!stillCreating) return;
          await new Promise((r) => setTimeout(r, 10));
          continue;
        }
        if (got.response.status !== 200) failures.push(`${agent}: ${got.response.status} ${JSON.stringify(got.error)}`);
        else claims.push({ task: got.data!.data.task_number, agent, replica });
      }
    });
    const cli = Array.from({ length: 8 }, async (_, i) => {
      const replica = (i + 1) % 3;
      const agent = `cpk-${i}`;
      const where = projectFolder(fleet.replicas[replica]!, projectId);
      for (;;) {
        const stillCreating = creating;
        const res = await cpk(['task', 'pickup', '--agent', agent], where);
        if (res.code === 4) {
          if (!stillCreating) return;
          continue;
        }
        if (res.code !== 0) failures.push(`${agent}: exit ${res.code} ${res.stderr}`);
        else claims.push({ task: res.json<{ task_number: string }>().task_number, agent, replica });
      }
    });
    const started = performance.now();
    await Promise.all([creator, ...http, ...cli]);
    const seconds = (performance.now() - started) / 1000;
    const byCpk = claims.filter((c) => c.agent.startsWith('cpk-')).length;
    console.log(
      `drained ${claims.length} tasks in ${seconds.toFixed(1)} s (${(claims.length / seconds).toFixed(0)} claims/s; ${byCpk} by cpk processes)`,
    );
    expect(failures).toEqual([]);

    // Every task claimed, none twice; the cpk processes took their share.
    expect(claims).toHaveLength(TOTAL);
    expect(new Set(claims.map((c) => c.task)).size).toBe(TOTAL);
    expect(claims.filter((c) => c.agent.startsWith('cpk-')).length).toBeGreaterThan(0);
    expect(new Set(claims.map((c) => c.replica)).size).toBe(3);

    // The log: the same through every replica, ids 1..n without a gap.
    const logs = await Promise.all(fleet.apis.map((api) => wholeLog(api, projectId)));
    const log = logs[0]!;
    expect(log.map((e) => e.id)).toEqual(log.map((_, i) => i + 1));
    for (const other of logs.slice(1)) expect(other).toEqual(log);

    expect(bestAvailableViolations(log)).toEqual([]);
    const pickups = log.filter((e) => e.type === 'task.pickup');
    expect(pickups).toHaveLength(TOTAL);
    // The log says who claimed each task, and it is who was told so.
    const byTask = new Map(pickups.map((e) => [e.payload.task_number as string, e.actor]));
    for (const c of claims) expect(byTask.get(c.task)).toBe(c.agent);
  }, 300_000);
});

/**
 * Replays the log in commit order: a task is available from its task.created (open, no dependencies
 * here) until its task.pickup; each pickup must take the best available one (P0 before P1 before P2,
 * then the lowest number, i.e. the oldest). Returns the pickups that did not.
 */
function bestAvailableViolations(log: readonly LoggedEvent[]): string[] {
  const available = new Map<string, { rank: number; number: number; name: string }>();
  const wrong: string[] = [];
  for (const e of log) {
    if (e.type === 'task.created') {
      const name = e.payload.task_number as string;
      available.set(e.entity_id, {
        rank: PRIORITIES.indexOf(e.payload.priority as (typeof PRIORITIES)[number]),
        number: Number(name.slice(2)),
        name,
      });
    } else if (e.type === 'task.pickup') {
      let best: { rank: number; number: number; name: string } | undefined;
      for (const t of available.values())
        if (!best || t.rank < best.rank || (t.rank === best.rank && t.number < best.number)) best = t;
      const took = available.get(e.entity_id);
      if (!took || took !== best)
        wrong.push(`event ${e.id}: ${e.actor} took ${took?.name ?? e.entity_id}, the best available was ${best?.name}`);
      available.delete(e.entity_id);
    }
  }
  return wrong.slice(0, 10);
}
