import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../../src/client/index.js';
import { cpk, initProject, startServer, type RunningServer } from '../helpers/processes.js';
import { removeTempDirs } from '../helpers/temp.js';
import { board } from './helpers.js';

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

interface SseEvent {
  id: string;
  event: string;
  data: { id: number; type: string; payload: { task_number?: string } };
}

/** Read a Server-Sent Events stream until `count` events arrived. */
function readSse(path: string, headers: Record<string, string>, count: number): { events: Promise<SseEvent[]>; connected: Promise<void>; comments: string[]; close: () => void } {
  const comments: string[] = [];
  let close = () => undefined as void;
  let onConnected = () => undefined as void;
  const connected = new Promise<void>((resolve) => (onConnected = resolve));
  const events = new Promise<SseEvent[]>((resolve, reject) => {
    const got: SseEvent[] = [];
    const req = request(`${server.url}${path}`, { headers }, (res) => {
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toContain('text/event-stream');
      let buffer = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        let idx: number;
        while ((idx = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, idx);
          buffer = buffer.slice(idx + 2);
          if (block.startsWith(':')) {
            comments.push(block);
            // The server subscribes before it says so: events written from here on are delivered.
            if (block.includes('connected')) onConnected();
            continue;
          }
          const fields = Object.fromEntries(block.split('\n').map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 1).trim()]));
          got.push({ id: fields.id ?? '', event: fields.event ?? '', data: JSON.parse(fields.data ?? 'null') as SseEvent['data'] });
          if (got.length >= count) {
            req.destroy();
            resolve(got);
          }
        }
      });
    });
    req.on('error', (err) => (err.message.includes('aborted') || (err as NodeJS.ErrnoException).code === 'ECONNRESET' ? undefined : reject(err)));
    req.end();
    close = () => req.destroy();
  });
  return { events, connected, comments, close };
}

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
    const path = `/api/events/stream?project_id=${project.projectId}`;
    const live = readSse(path, {}, 2);
    await live.connected;
    await b.add({ title: 'streamed one' });
    await b.add({ title: 'streamed two' });
    const got = await live.events;
    expect(got.map((e) => [e.event, e.data.payload.task_number])).toEqual([
      ['task.created', got[0]!.data.payload.task_number],
      ['task.created', got[1]!.data.payload.task_number],
    ]);
    expect(Number(got[1]!.id)).toBe(got[1]!.data.id);
    expect(live.comments[0]).toContain('connected');

    // Missed while disconnected: three more events; resume from the last seen id.
    const lastSeen = got[1]!.id;
    const missed = await b.add({ title: 'missed' });
    b.ok(await b.note(missed.task_number, 'hello', 'ann'));
    b.ok(await b.block(missed.task_number, 'stuck', 'ann'));
    const resumed = readSse(path, { 'Last-Event-ID': lastSeen }, 3);
    const again = await resumed.events;
    expect(again.map((e) => e.event)).toEqual(['task.created', 'task.note', 'task.blocked']);
    expect(Number(again[0]!.id)).toBe(Number(lastSeen) + 1);
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
