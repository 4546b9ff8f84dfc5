import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiClient, createClient } from '../../src/client/index.js';
import { createDatabase, testCluster } from '../helpers/postgres.js';
import { cpk, type RunningServer, startServer } from '../helpers/processes.js';
import { openSse } from '../helpers/sse.js';
import { removeTempDirs, tempDir } from '../helpers/temp.js';

/**
 * Server processes (replicas) over one PostgreSQL database, each with its own data dir: any of them
 * serves every project, claims never collide, and a stream or waiting pickup on one hears the others.
 */
describe.skipIf(!testCluster())('server replicas over one PostgreSQL database', () => {
  let db: { url: string; drop(): Promise<void> };
  let a: RunningServer;
  let b: RunningServer;
  let apiA: ApiClient;
  let apiB: ApiClient;
  let projectId: string;
  const q = () => ({ project_id: projectId });

  beforeAll(async () => {
    db = await createDatabase(testCluster()!, 'replicas_e2e');
    // One given the URL by flag, the other by environment.
    [a, b] = await Promise.all([
      startServer({ args: ['--database', db.url] }),
      startServer({ env: { CPK_DATABASE_URL: db.url } }),
    ]);
    apiA = createClient(a.url);
    apiB = createClient(b.url);
    const made = await apiA.POST('/api/projects', { body: { name: 'shared' } });
    expect(made.response.status).toBe(201);
    projectId = made.data!.data.id;
  });
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await db?.drop();
    removeTempDirs();
  });

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

  it('serves every project from both; a folder path is refused, or made hosted when asked', async () => {
    expect((await apiB.GET('/api/projects/{id}', { params: { path: { id: projectId } } })).data?.data).toMatchObject({
      name: 'shared',
      kind: 'hosted',
      path: null,
    });
    const folder = tempDir('cpk-pg-folder-');
    const refused = await apiB.POST('/api/projects', { body: { name: 'f', path: folder } });
    expect(refused.response.status).toBe(400);
    expect(refused.error).toMatchObject({ error: 'validation_error', details: [{ path: 'path' }] });
    const hosted = await apiB.POST('/api/projects', { body: { name: 'f', path: folder, if_path_missing: 'hosted' } });
    expect(hosted.response.status).toBe(201);
    expect(hosted.data?.data.notice).toMatch(/keeps every project in its database/);
  });

  it('32 clients on both drain 400 tasks: no task claimed twice, the log gapless through either', async () => {
    const res = await apiA.POST('/api/tasks', {
      params: { query: q() },
      body: Array.from({ length: 400 }, (_, i) => ({ title: `t${i}`, priority: (['P0', 'P1', 'P2'] as const)[i % 3] })),
    });
    expect(res.response.status).toBe(201);
    const claimed: string[] = [];
    await Promise.all(
      Array.from({ length: 32 }, async (_, i) => {
        const api = i % 2 ? apiA : apiB;
        for (;;) {
          const got = await api.POST('/api/tasks/pickup', { params: { query: q() }, body: { agent: `agent-${i}` } });
          if (got.response.status === 404) return;
          expect(got.response.status).toBe(200);
          claimed.push(got.data!.data.task_number);
        }
      }),
    );
    expect(claimed).toHaveLength(400);
    expect(new Set(claimed).size).toBe(400);
    const viaA = await logAfter(apiA, 0);
    expect(viaA).toEqual(viaA.map((_, i) => i + 1));
    expect(await logAfter(apiB, 0)).toEqual(viaA);
  });

  it('a stream on A gets writes made through B in log order; resumed on B, it misses nothing', async () => {
    const start = (await logAfter(apiA, 0)).at(-1) ?? 0;
    const stream = openSse(a.url, projectId);
    await stream.connected;
    for (let i = 0; i < 10; i++)
      await (i % 2 ? apiA : apiB).POST('/api/tasks', { params: { query: q() }, body: { title: `live ${i}` } });
    const expected = await logAfter(apiB, start);
    await stream.waitFor(expected.length);
    await new Promise((r) => setTimeout(r, 200));
    expect(stream.events.map((e) => e.id)).toEqual(expected);
    stream.close();
    const last = expected.at(-1)!;
    for (let i = 0; i < 5; i++)
      await apiA.POST('/api/tasks', { params: { query: q() }, body: { title: `missed ${i}` } });
    const resumed = openSse(b.url, projectId, { 'Last-Event-ID': String(last) });
    const missed = await logAfter(apiA, last);
    await resumed.waitFor(missed.length);
    expect(resumed.events.map((e) => e.id)).toEqual(missed);
    resumed.close();
  });

  it('a pickup waiting on A is answered soon after a create on B', async () => {
    while (
      (await apiA.POST('/api/tasks/pickup', { params: { query: q() }, body: { agent: 'drain' } })).response.status ===
      200
    );
    const delays: number[] = [];
    for (let round = 0; round < 5; round++) {
      const waiting = apiA.POST('/api/tasks/pickup', {
        params: { query: { ...q(), wait: 8 } },
        body: { agent: `w${round}` },
      });
      await new Promise((r) => setTimeout(r, 200));
      const created = await apiB.POST('/api/tasks', { params: { query: q() }, body: { title: `wake ${round}` } });
      const at = performance.now();
      const res = await waiting;
      delays.push(performance.now() - at);
      expect(res.data?.data.id).toBe((created.data!.data as { id: string }).id);
    }
    delays.sort((x, y) => x - y);
    expect(delays[2]!, `delays ${delays.map((d) => d.toFixed(1)).join(', ')} ms`).toBeLessThan(50);
    expect(delays[4]!).toBeLessThan(500);
  });

  it('a server refuses to start on a URL that is not PostgreSQL’s, or a database it cannot use, saying which', async () => {
    await expect(startServer({ args: ['--database', 'mysql://root:pw@db/x'] })).rejects.toThrow(
      /Invalid --database \(or CPK_DATABASE_URL\): expected a URL such as postgres:\/\//,
    );
    const gone = new URL(db.url);
    gone.pathname = '/no_such_db';
    gone.password = 'hunter2';
    const err = (await startServer({ args: ['--database', gone.toString()] }).catch((e: unknown) => e)) as Error;
    expect(err.message).toMatch(
      /Cannot use the PostgreSQL database no_such_db on 127\.0\.0\.1:\d+: database "no_such_db" does not exist/,
    );
    expect(err.message).not.toContain('hunter2');
  });

  it('cpk server start --database, cpk init, add and pickup work end to end', async () => {
    const data = tempDir('cpk-pg-daemon-');
    const env = { CPK_DATA_DIR: data, CPK_PORT: '0' };
    const started = await cpk(['server', 'start', '--database', db.url], { env });
    expect(started.code, started.stderr).toBe(0);
    const { url } = started.json<{ url: string }>();
    try {
      const cwd = tempDir('cpk-pg-project-');
      const init = await cpk(['init', '--name', 'via-cli'], { cwd, env: { ...env, CPK_URL: url } });
      expect(init.code, init.stderr).toBe(0);
      expect(init.json()).toMatchObject({ kind: 'hosted' });
      const add = await cpk(['task', 'add', '--title', 'from cpk', '-p', 'P0'], { cwd, env: { ...env, CPK_URL: url } });
      expect(add.code, add.stderr).toBe(0);
      const pickup = await cpk(['task', 'pickup', '--agent', 'cli'], { cwd, env: { ...env, CPK_URL: url } });
      expect(pickup.json()).toMatchObject({ task_number: 'T-001', title: 'from cpk', priority: 'P0' });
      // The same project through the replicas started by the tests.
      const id = init.json<{ project_id: string }>().project_id;
      expect((await apiB.GET('/api/projects/{id}', { params: { path: { id } } })).data?.data.name).toBe('via-cli');
    } finally {
      expect((await cpk(['server', 'stop'], { env })).code).toBe(0);
    }
  });
});
