import { afterAll, describe, expect, it } from 'vitest';
import { createClient } from '../../../src/client/index.js';
import { cpk, initProject, startServer, type RunningServer } from '../../helpers/processes.js';
import { removeTempDirs } from '../../helpers/temp.js';
import { board } from '../../helpers/board.js';

const servers: RunningServer[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
  removeTempDirs();
});

const TASKS = 600;
const CPK_WORKERS = 8;
const HTTP_CLIENTS = 32;

describe('atomic pickup under contention', () => {
  it(`${CPK_WORKERS} cpk processes and ${HTTP_CLIENTS} HTTP clients on two server processes drain ${TASKS} tasks, each exactly once`, async () => {
    const a = await startServer();
    const b = await startServer();
    servers.push(a, b);
    const { cwd, env, projectId } = await initProject(a);
    // The second server opens the same project database: writers meet only in SQLite's lock.
    const apiA = createClient(a.url);
    const apiB = createClient(b.url);
    const regB = await apiB.POST('/api/projects', { body: { name: 'same', path: cwd } });
    expect(regB.data?.data.id).toBe(projectId);

    const boardA = board(apiA, projectId);
    for (let i = 0; i < TASKS; i += 200) {
      await boardA.addMany(
        Array.from({ length: 200 }, (_, j) => ({
          title: `task ${i + j}`,
          priority: (['P0', 'P1', 'P2'] as const)[(i + j) % 3],
        })),
      );
    }

    const claims: { agent: string; task: string }[] = [];
    const cpkWorker = async (n: number) => {
      const agent = `cpk-${n}`;
      for (;;) {
        const res = await cpk(['task', 'pickup', '--agent', agent], { cwd, env });
        if (res.code === 4) return;
        expect(res.code, res.stderr).toBe(0);
        const task = res.json<{ task_number: string }>().task_number;
        claims.push({ agent, task });
        const done = await cpk(['task', 'done', task, '--agent', agent], { cwd, env });
        expect(done.code, done.stderr).toBe(0);
      }
    };
    const httpWorker = async (n: number) => {
      const agent = `http-${n}`;
      const api = n % 2 === 0 ? apiA : apiB;
      const q = { project_id: projectId };
      for (;;) {
        const res = await api.POST('/api/tasks/pickup', { params: { query: q }, body: { agent } });
        if (res.response.status === 404) return;
        expect(res.response.status, JSON.stringify(res.error)).toBe(200);
        const task = res.data!.data.task_number;
        claims.push({ agent, task });
        const done = await api.POST('/api/tasks/{id}/done', {
          params: { path: { id: task }, query: q },
          body: { agent },
        });
        expect(done.response.status).toBe(200);
      }
    };
    // Start the processes first so they compete from the beginning.
    const cpkRuns = Array.from({ length: CPK_WORKERS }, (_, i) => cpkWorker(i));
    await new Promise((r) => setTimeout(r, 300));
    await Promise.all([...cpkRuns, ...Array.from({ length: HTTP_CLIENTS }, (_, i) => httpWorker(i))]);

    const numbers = claims.map((c) => c.task);
    expect(new Set(numbers).size).toBe(numbers.length);
    expect(numbers.length).toBe(TASKS);
    expect(claims.some((c) => c.agent.startsWith('cpk-'))).toBe(true);
    expect(claims.some((c) => c.agent.startsWith('http-'))).toBe(true);

    // The board and the event log agree with what the clients were told.
    const owner = new Map(claims.map((c) => [c.task, c.agent]));
    const review = [];
    for (let cursor: string | undefined; ; ) {
      const page = await boardA.list({ limit: 1000, cursor });
      review.push(...page.data);
      if (!page.next_cursor) break;
      cursor = page.next_cursor;
    }
    expect(review).toHaveLength(TASKS);
    for (const task of review) {
      expect(task.status).toBe('review');
      expect(task.assignee).toBe(owner.get(task.task_number));
      expect(task.attempts).toBe(1);
    }
    const pickups = [];
    for (let after = 0; ; ) {
      const page = await boardA.events({ type: 'task.pickup', after, limit: 1000 });
      pickups.push(...page);
      if (page.length < 1000) break;
      after = page[page.length - 1]!.id;
    }
    expect(pickups).toHaveLength(TASKS);
    for (const e of pickups) expect(e.actor).toBe(owner.get((e.payload as { task_number: string }).task_number));
  }, 240_000);
});
