import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../../../src/client/index.js';
import { cpk, initProject, startServer, type RunningServer } from '../../helpers/processes.js';
import { openSse } from '../../helpers/sse.js';
import { removeTempDirs } from '../../helpers/temp.js';
import { board } from '../../helpers/board.js';

let server: RunningServer;
let project: { cwd: string; env: NodeJS.ProcessEnv; projectId: string };

beforeAll(async () => {
  server = await startServer();
  project = await initProject(server);
});
afterAll(async () => {
  await server.stop();
  removeTempDirs();
});

describe('long-poll pickup', () => {
  it('a waiting cpk pickup returns within a second of another process adding a task', async () => {
    const { cwd, env } = project;
    const waiting = cpk(['task', 'pickup', '--agent', 'waiter', '--wait', '30'], { cwd, env });
    await new Promise((r) => setTimeout(r, 800));
    const add = await cpk(['task', 'add', '--title', 'fresh work'], { cwd, env });
    expect(add.code, add.stderr).toBe(0);
    const addedAt = Date.now();
    const res = await waiting;
    const latency = Date.now() - addedAt;
    expect(res.code, res.stderr).toBe(0);
    expect(res.json()).toMatchObject({ title: 'fresh work' });
    expect(latency).toBeLessThan(1000);
  });

  it('a wait that finds nothing ends with exit 4 after the wait', async () => {
    const res = await cpk(['task', 'pickup', '--agent', 'w2', '--wait', '1'], project);
    expect(res.code).toBe(4);
    expect(res.error().error).toBe('no_tasks_available');
  });

  it('a waiting pickup wakes when a lease lapses', async () => {
    const b = board(createClient(server.url), project.projectId);
    const task = await b.add({ title: 'short lease' });
    b.ok(await b.pickup('sleepy', { task_id: task.task_number, lease_seconds: 1 }));
    const res = await b.pickup('eager', { wait: 10 });
    expect(b.ok(res).data).toMatchObject({ task_number: task.task_number, assignee: 'eager', attempts: 2 });
    expect((await b.done(task.task_number, 'sleepy')).response.status).toBe(409);
    expect((await b.heartbeat(task.task_number, 'sleepy')).response.status).toBe(409);
    b.ok(await b.done(task.task_number, 'eager'));
  });
});

describe('event stream', () => {
  it('delivers events live and resumes after Last-Event-ID', async () => {
    const b = board(createClient(server.url), project.projectId);
    const live = openSse(server.url, project.projectId);
    await live.connected;
    await b.add({ title: 'streamed one' });
    await b.add({ title: 'streamed two' });
    const got = (await live.waitFor(2)).slice(0, 2);
    live.close();
    expect(got.map((e) => [e.type, e.data.payload.task_number])).toEqual([
      ['task.created', got[0]!.data.payload.task_number],
      ['task.created', got[1]!.data.payload.task_number],
    ]);
    expect(got[1]!.id).toBe(got[1]!.data.id);
    expect(live.comments[0]).toContain('connected');

    // Missed while disconnected: three more events; resume from the last seen id.
    const lastSeen = got[1]!.id;
    const missed = await b.add({ title: 'missed' });
    b.ok(await b.note(missed.task_number, 'hello', 'ann'));
    b.ok(await b.block(missed.task_number, 'stuck', 'ann'));
    const resumed = openSse(server.url, project.projectId, { 'Last-Event-ID': String(lastSeen) });
    const again = (await resumed.waitFor(3)).slice(0, 3);
    resumed.close();
    expect(again.map((e) => e.type)).toEqual(['task.created', 'task.note', 'task.blocked']);
    expect(again[0]!.id).toBe(lastSeen + 1);
  });

  it('rejects a malformed Last-Event-ID and an unknown project with the envelope', async () => {
    const bad = await fetchStatus(`/api/events/stream?project_id=${project.projectId}`, { 'Last-Event-ID': 'abc' });
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body)).toMatchObject({ error: 'validation_error' });
    const unknown = await fetchStatus('/api/events/stream?project_id=nope', {});
    expect(unknown.status).toBe(404);
    expect(JSON.parse(unknown.body)).toMatchObject({ error: 'project_not_found' });
  });
});

function fetchStatus(path: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    request(`${server.url}${path}`, { headers }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    })
      .on('error', reject)
      .end();
  });
}
