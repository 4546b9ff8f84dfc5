import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, type ApiClient } from '../../../src/client/index.js';
import { initProject, startServer, type RunningServer } from '../../helpers/processes.js';
import { openSse } from '../../helpers/sse.js';
import { removeTempDirs } from '../../helpers/temp.js';

// Two server processes, each with its own data dir, serving one project folder: agents may reach the
// board through either, and a stream or a waiting pickup on one sees what is written through the other.
let a: RunningServer;
let b: RunningServer;
let projectId: string;
let apiA: ApiClient;
let apiB: ApiClient;

beforeAll(async () => {
  [a, b] = await Promise.all([startServer(), startServer()]);
  const project = await initProject(a, 'shared');
  projectId = project.projectId;
  apiA = createClient(a.url);
  apiB = createClient(b.url);
  const joined = await apiB.POST('/api/projects', { body: { name: 'shared', path: project.cwd } });
  expect(joined.data?.data.id).toBe(projectId);
});
afterAll(async () => {
  await Promise.all([a.stop(), b.stop()]);
  removeTempDirs();
});

const q = () => ({ project_id: projectId });

/** Every event id of the log after `after`, paged. */
async function logAfter(api: ApiClient, after: number): Promise<number[]> {
  const ids: number[] = [];
  for (;;) {
    const res = await api.GET('/api/events', {
      params: { query: { ...q(), after: ids[ids.length - 1] ?? after, limit: 1000 } },
    });
    const page = res.data!.data.map((e) => e.id);
    ids.push(...page);
    if (page.length < 1000) return ids;
  }
}

describe('live events across server processes', () => {
  it('a stream on A delivers writes made through B and A, in log order, none missed, none doubled; a resume on A catches up', async () => {
    const start =
      (await apiA.GET('/api/events', { params: { query: { ...q(), order: 'desc', limit: 1 } } })).data!.data[0]?.id ??
      0;
    const stream = openSse(a.url, projectId);
    await stream.connected;
    for (let i = 0; i < 12; i++) {
      const api = i % 3 === 0 ? apiA : apiB;
      expect(
        (await api.POST('/api/tasks', { params: { query: q() }, body: { title: `written ${i}` } })).response.status,
      ).toBe(201);
    }
    // A batch through B, several writes in one go.
    await apiB.POST('/api/tasks', {
      params: { query: q() },
      body: Array.from({ length: 20 }, (_, i) => ({ title: `batch ${i}` })),
    });
    const expected = await logAfter(apiA, start);
    await stream.waitFor(expected.length);
    await new Promise((r) => setTimeout(r, 300));
    expect(stream.events.map((e) => e.id)).toEqual(expected);
    expect(stream.events.every((e) => e.id === e.data.id)).toBe(true);
    stream.close();

    // While nobody listens on A, B keeps writing; a client resuming on A gets exactly what it missed.
    const lastSeen = expected[expected.length - 1]!;
    for (let i = 0; i < 5; i++)
      await apiB.POST('/api/tasks', { params: { query: q() }, body: { title: `missed ${i}` } });
    const missed = await logAfter(apiB, lastSeen);
    expect(missed.length).toBeGreaterThanOrEqual(5);
    const resumed = openSse(a.url, projectId, { 'Last-Event-ID': String(lastSeen) });
    await resumed.waitFor(missed.length);
    await apiB.POST('/api/tasks', { params: { query: q() }, body: { title: 'after the resume' } });
    const all = await logAfter(apiA, lastSeen);
    await resumed.waitFor(all.length);
    await new Promise((r) => setTimeout(r, 300));
    expect(resumed.events.map((e) => e.id)).toEqual(all);
    resumed.close();
  });

  it('a pickup waiting on A is answered soon after a create through B', async () => {
    // Drain what the first test left open.
    while (
      (await apiA.POST('/api/tasks/pickup', { params: { query: q() }, body: { agent: 'drainer' } })).response.status ===
      200
    );
    const delays: number[] = [];
    for (let round = 0; round < 5; round++) {
      const waiting = apiA.POST('/api/tasks/pickup', {
        params: { query: { ...q(), wait: 8 } },
        body: { agent: `waiter-${round}` },
      });
      await new Promise((r) => setTimeout(r, 300));
      const created = await apiB.POST('/api/tasks', { params: { query: q() }, body: { title: `wake ${round}` } });
      const at = performance.now();
      const res = await waiting;
      delays.push(performance.now() - at);
      expect(res.response.status).toBe(200);
      expect(res.data?.data.id).toBe((created.data?.data as { id: string } | undefined)?.id);
    }
    delays.sort((x, y) => x - y);
    // The cross-process signal is polled every 100 ms; the median leaves room for a loaded machine.
    expect(delays[2]!, `delays ${delays.map((d) => d.toFixed(0)).join(', ')} ms`).toBeLessThan(250);
    expect(delays[4]!).toBeLessThan(1000);
  });
});

describe('a stream that reads slowly', () => {
  it('is not queued for while it does not read, and then gets every event once, in order, from the log', async () => {
    const start =
      (await apiA.GET('/api/events', { params: { query: { ...q(), order: 'desc', limit: 1 } } })).data!.data[0]?.id ??
      0;
    const slow = openSse(a.url, projectId);
    await slow.connected;
    slow.pause();
    // Large events (each task carries a long description) well past what the socket buffers hold.
    for (let i = 0; i < 12; i++) {
      const res = await apiA.POST('/api/tasks', {
        params: { query: q() },
        body: Array.from({ length: 250 }, (_, j) => ({ title: `slow ${i}-${j}`, description: 'd'.repeat(2000) })),
      });
      expect(res.response.status).toBe(201);
    }
    const all = await logAfter(apiA, start);
    expect(all.length).toBeGreaterThanOrEqual(3000);
    slow.resume();
    await slow.waitFor(all.length, 30_000);
    expect(slow.events.map((e) => e.id)).toEqual(all);
    slow.close();
  });
});
