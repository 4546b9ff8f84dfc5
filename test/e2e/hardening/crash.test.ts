import { afterAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { createClient } from '../../../src/client/index.js';
import { cpk, initProject, startServer, type RunningServer } from '../../helpers/processes.js';
import { removeTempDirs } from '../../helpers/temp.js';

const servers: RunningServer[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.kill()));
  removeTempDirs();
});

const HTTP_WORKERS = 12;
const CPK_WORKERS = 4;
const CREATORS = 2;
const SEED_TASKS = 400;

/** What a client saw acknowledged: a complete 2xx response. Anything cut off by the crash is not here. */
interface Acks {
  pickups: { agent: string; task: string }[];
  dones: { agent: string; task: string }[];
  created: string[];
}

interface EventRow {
  id: number;
  type: string;
  entity_id: string;
  actor: string;
}
interface TaskRow {
  id: string;
  number: number;
  status: string;
  assignee: string | null;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const taskNumber = (n: number) => `T-${String(n).padStart(3, '0')}`;

describe('kill -9 in the middle of concurrent pickups, completions and creations', () => {
  it('loses no acknowledged write, doubles no claim, keeps the log consistent, and serves again at once', async () => {
    const s = await startServer({ env: { CPK_TOKEN: '' } });
    servers.push(s);
    const project = await initProject(s, 'crash');
    const q = { project_id: project.projectId };
    const seed = createClient(s.url);
    for (let i = 0; i < SEED_TASKS; i += 200) {
      const res = await seed.POST('/api/tasks', {
        params: { query: q },
        body: Array.from({ length: 200 }, (_, j) => ({
          title: `seed ${i + j}`,
          priority: (['P0', 'P1', 'P2'] as const)[(i + j) % 3],
        })),
      });
      expect(res.response.status).toBe(201);
    }

    const acks: Acks = { pickups: [], dones: [], created: [] };
    let crashed = false;
    const total = () => acks.pickups.length + acks.dones.length + acks.created.length;

    // In-process HTTP agents (each its own client and connection pool) ...
    const httpWorker = async (n: number) => {
      const api = createClient(s.url);
      const agent = `http-${n}`;
      while (!crashed) {
        try {
          const picked = await api.POST('/api/tasks/pickup', { params: { query: q }, body: { agent } });
          if (picked.response.status !== 200) {
            await sleep(5);
            continue;
          }
          const task = picked.data!.data.task_number;
          acks.pickups.push({ agent, task });
          const done = await api.POST('/api/tasks/{id}/done', {
            params: { path: { id: task }, query: q },
            body: { agent, notes: 'finished' },
          });
          if (done.response.status === 200) acks.dones.push({ agent, task });
        } catch {
          return; // the server is gone
        }
      }
    };
    // ... real cpk processes doing the same ...
    const cpkWorker = async (n: number) => {
      const agent = `cpk-${n}`;
      while (!crashed) {
        const picked = await cpk(['task', 'pickup', '--agent', agent], project);
        if (picked.code === 3) return;
        if (picked.code !== 0) continue;
        const task = picked.json<{ task_number: string }>().task_number;
        acks.pickups.push({ agent, task });
        const done = await cpk(['task', 'done', task, '--agent', agent], project);
        if (done.code === 0) acks.dones.push({ agent, task });
        if (done.code === 3) return;
      }
    };
    // ... and writers adding small batches while all that goes on.
    const creator = async (n: number) => {
      const api = createClient(s.url);
      for (let i = 0; !crashed; i++) {
        try {
          const res = await api.POST('/api/tasks', {
            params: { query: q },
            body: Array.from({ length: 3 }, (_, j) => ({ title: `new ${n}.${i}.${j}`, tags: ['fresh'] })),
          });
          if (res.response.status === 201)
            acks.created.push(...(res.data!.data as { task_number: string }[]).map((t) => t.task_number));
        } catch {
          return;
        }
      }
    };

    const workers = [
      ...Array.from({ length: HTTP_WORKERS }, (_, i) => httpWorker(i)),
      ...Array.from({ length: CPK_WORKERS }, (_, i) => cpkWorker(i)),
      ...Array.from({ length: CREATORS }, (_, i) => creator(i)),
    ];
    // Crash once the load is well under way (every kind of write acknowledged many times).
    const deadline = Date.now() + 20_000;
    while (
      (acks.dones.length < 80 ||
        acks.created.length < 30 ||
        acks.pickups.filter((p) => p.agent.startsWith('cpk')).length < 4) &&
      Date.now() < deadline
    )
      await sleep(10);
    const beforeKill = total();
    await s.kill();
    crashed = true;
    await Promise.all(workers);
    expect(beforeKill).toBeGreaterThan(100);
    expect(s.child.signalCode).toBe('SIGKILL');

    // Restart on the same data dir: it serves at once, and the project opens.
    const restarted = await startServer({ dataDir: s.dataDir, env: { CPK_TOKEN: '' } });
    servers.push(restarted);
    const api = createClient(restarted.url);
    expect((await fetch(`${restarted.url}/health`)).status).toBe(200);
    expect((await api.GET('/api/board/status', { params: { query: q } })).response.status).toBe(200);

    const db = new Database(join(project.cwd, '.codepakt', 'data.db'), { readonly: true });
    try {
      expect(db.pragma('integrity_check')).toEqual([{ integrity_check: 'ok' }]);
      expect(db.pragma('foreign_key_check')).toEqual([]);

      const tasks = db.prepare<[], TaskRow>('SELECT id, number, status, assignee FROM tasks').all();
      const byNumber = new Map(tasks.map((t) => [taskNumber(t.number), t]));
      const byId = new Map(tasks.map((t) => [t.id, t]));
      const events = db
        .prepare<[], EventRow>("SELECT id, type, entity_id, actor FROM events WHERE type LIKE 'task.%' ORDER BY id")
        .all();
      const eventsOf = (task: TaskRow, type: string) =>
        events.filter((e) => e.entity_id === task.id && e.type === type);

      // Every acknowledged creation is there.
      for (const number of acks.created) expect(byNumber.has(number), `created ${number}`).toBe(true);

      // Every acknowledged pickup is there, with that agent.
      for (const { agent, task } of acks.pickups) {
        const row = byNumber.get(task)!;
        expect(row, task).toBeDefined();
        expect(
          eventsOf(row, 'task.pickup').map((e) => e.actor),
          `pickup of ${task}`,
        ).toEqual([agent]);
        expect(row.assignee, task).toBe(agent);
        expect(['in-progress', 'review'], task).toContain(row.status);
      }
      // Every acknowledged completion is there: the task is in review, done by that agent.
      for (const { agent, task } of acks.dones) {
        const row = byNumber.get(task)!;
        expect(row.status, task).toBe('review');
        expect(
          eventsOf(row, 'task.done').map((e) => e.actor),
          `done of ${task}`,
        ).toEqual([agent]);
      }

      // No task was ever held by two agents: one claim per task (leases are long, nothing was released).
      const claimed = new Set<string>();
      for (const { task } of acks.pickups) {
        expect(claimed.has(task), `${task} acknowledged to two pickups`).toBe(false);
        claimed.add(task);
      }
      for (const t of tasks) expect(eventsOf(t, 'task.pickup').length, taskNumber(t.number)).toBeLessThanOrEqual(1);

      // The log matches the states, including writes whose answer the crash swallowed.
      expect(events.filter((e) => e.type === 'task.created').length).toBe(tasks.length);
      for (const t of tasks) {
        expect(eventsOf(t, 'task.created'), taskNumber(t.number)).toHaveLength(1);
        const pickups = eventsOf(t, 'task.pickup');
        const dones = eventsOf(t, 'task.done');
        if (t.status === 'open') {
          expect(pickups, taskNumber(t.number)).toEqual([]);
          expect(t.assignee).toBeNull();
        } else {
          expect(['in-progress', 'review']).toContain(t.status);
          expect(pickups.at(-1)?.actor, taskNumber(t.number)).toBe(t.assignee);
          expect(dones.length, taskNumber(t.number)).toBe(t.status === 'review' ? 1 : 0);
          if (dones[0]) expect(dones[0].id).toBeGreaterThan(pickups[0]!.id);
        }
      }
      for (const e of events) expect(byId.has(e.entity_id), `event ${e.id} names a task that is not there`).toBe(true);
      expect(acks.pickups.length).toBeGreaterThan(0);
    } finally {
      db.close();
    }

    // And the restarted server goes on with the work.
    const next = await api.POST('/api/tasks/pickup', { params: { query: q }, body: { agent: 'after-crash' } });
    expect(next.response.status).toBe(200);
    const finished = await api.POST('/api/tasks/{id}/done', {
      params: { path: { id: next.data!.data.task_number }, query: q },
      body: { agent: 'after-crash' },
    });
    expect(finished.response.status).toBe(200);
    const again = await cpk(['task', 'list', '--status', 'review'], {
      ...project,
      env: { ...project.env, CPK_URL: restarted.url },
    });
    expect(again.code, again.stderr).toBe(0);
  });
});
