import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../../../src/client/index.js';
import { board, type Task } from '../../helpers/board.js';
import { cpk, initProject, startServer, type RunningServer } from '../../helpers/processes.js';
import { removeTempDirs } from '../../helpers/temp.js';

/**
 * Board status reads each agent's counts and current task per agent (a bounded query each), not by
 * reading every active task: on a board of thousands of tasks held by three agents, what it lists must
 * still be exactly what the tasks say.
 */

const TOTAL = 3000;
let server: RunningServer;
let project: Awaited<ReturnType<typeof initProject>>;
let b: ReturnType<typeof board>;

beforeAll(async () => {
  server = await startServer();
  project = await initProject(server, 'agents-at-scale');
  b = board(createClient(server.url), project.projectId);
  for (let start = 0; start < TOTAL; start += 1000) {
    await b.addMany(
      Array.from({ length: 1000 }, (_, i) => ({
        title: `Task ${start + i + 1}`,
        priority: (['P0', 'P1', 'P2'] as const)[(start + i) % 3],
      })),
    );
  }
}, 120_000);

afterAll(async () => {
  await server?.stop();
  removeTempDirs();
});

async function pickups(agent: string, n: number, lease_seconds?: number): Promise<Task[]> {
  const got: Task[] = [];
  for (let i = 0; i < n; i++) got.push(b.ok(await b.pickup(agent, { lease_seconds })).data as Task);
  return got;
}

/** The tasks an agent holds, read back from the task list (the ground truth board status summarizes). */
async function held(agent: string): Promise<Task[]> {
  return (await b.list({ assignee: agent, status: 'in-progress,review', limit: 500 })).data as Task[];
}

/** The latest started in-progress tasks with a live lease (several if they started in the same ms). */
function latestLive(tasks: Task[], now: string): string[] {
  const live = tasks.filter(
    (t) => t.status === 'in-progress' && (t.lease_expires_at === null || t.lease_expires_at > now),
  );
  const latest = live
    .map((t) => t.started_at ?? '')
    .sort()
    .at(-1);
  return live.filter((t) => t.started_at === latest).map((t) => t.task_number);
}

describe('board status on a large board with few agents', { timeout: 120_000 }, () => {
  it("lists each agent's counts and current task as its tasks say, lapsed leases skipped", async () => {
    // ann: 40 in progress and 5 done (in review: the project requires review); bob: 30 picked, 10 of them sent to review; cid: one long lease,
    // then three short ones started later that lapse, so its current task is the older one.
    const ann = await pickups('ann', 45);
    for (const t of ann.slice(0, 5)) b.ok(await b.done(t.task_number, 'ann'));
    const bob = await pickups('bob', 30);
    for (const t of bob.slice(20)) b.ok(await b.update(t.task_number, { status: 'review' }));
    const [cidLong] = await pickups('cid', 1);
    await sleep(5);
    const cidShort = await pickups('cid', 3, 1);
    await sleep(1200);

    const status = b.ok(await createClient(server.url).GET('/api/board/status', { params: { query: b.q } })).data;
    const now = new Date().toISOString();
    expect(status.total).toBe(TOTAL);
    expect(status.counts['in-progress']).toBe(40 + 20 + 4);
    expect(status.counts.review).toBe(5 + 10);
    expect(status.agents.map((a) => a.name)).toEqual(['ann', 'bob', 'cid']);

    for (const agent of status.agents) {
      const tasks = await held(agent.name);
      expect(agent.tasks_in_progress).toBe(tasks.filter((t) => t.status === 'in-progress').length);
      expect(agent.tasks_in_review).toBe(tasks.filter((t) => t.status === 'review').length);
      expect(agent.status).toBe('working');
      expect(latestLive(tasks, now)).toContain(agent.current_task);
      const current = tasks.find((t) => t.task_number === agent.current_task);
      expect(agent.lease_expires_at).toBe(current?.lease_expires_at);
    }
    const [a, bo, c] = status.agents;
    expect([a?.tasks_in_progress, a?.tasks_in_review]).toEqual([40, 5]);
    expect([bo?.tasks_in_progress, bo?.tasks_in_review]).toEqual([20, 10]);
    expect([c?.tasks_in_progress, c?.tasks_in_review]).toEqual([4, 0]);
    expect(c?.current_task).toBe(cidLong?.task_number);
    expect(status.expired_leases.map((t) => t.task_number).sort()).toEqual(cidShort.map((t) => t.task_number).sort());

    // The agent list and one agent's record say the same; cpk board status shows it.
    const api = createClient(server.url);
    const agents = b.ok(await api.GET('/api/agents', { params: { query: b.q } })).data;
    expect(agents).toEqual(status.agents);
    const one = b.ok(await api.GET('/api/agents/{name}', { params: { path: { name: 'cid' }, query: b.q } })).data;
    expect(one).toEqual(c);
    const shown = await cpk(['board', 'status'], { cwd: project.cwd, env: project.env });
    expect(shown.code).toBe(0);
    expect(shown.json<{ agents: unknown[] }>().agents).toEqual(
      status.agents.map((x) => ({ name: x.name, status: x.status, current_task: x.current_task })),
    );
  });

  it('an agent whose every lease lapsed is idle, its tasks still counted', async () => {
    await pickups('dee', 2, 1);
    await sleep(1200);
    const status = b.ok(await createClient(server.url).GET('/api/board/status', { params: { query: b.q } })).data;
    expect(status.agents.find((a) => a.name === 'dee')).toMatchObject({
      status: 'idle',
      current_task: null,
      lease_expires_at: null,
      tasks_in_progress: 2,
      tasks_in_review: 0,
    });
  });
});
