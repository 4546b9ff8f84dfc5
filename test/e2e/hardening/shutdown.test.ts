import { afterAll, describe, expect, it } from 'vitest';
import { request, type IncomingMessage } from 'node:http';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { testBackend } from '../../helpers/backend.js';
import { cpk, initProject, startServer, type RunningServer } from '../../helpers/processes.js';
import { removeTempDirs } from '../../helpers/temp.js';
import { expectEnvelope, type Envelope } from './http.js';

const servers: RunningServer[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.kill()));
  removeTempDirs();
});

/** How a response ended: completely (`end`), or cut off (`aborted`/error). */
interface Ending {
  status: number;
  body: string;
  how: 'end' | 'aborted' | 'error';
}

/** Open a request and resolve `opened` once the response head (and first bytes, for a stream) arrived. */
function hold(
  url: string,
  init: { method?: string; body?: string; waitForFirstChunk?: boolean },
): { opened: Promise<void>; ended: Promise<Ending> } {
  let markOpened: () => void = () => undefined;
  const opened = new Promise<void>((resolve) => (markOpened = resolve));
  const ended = new Promise<Ending>((resolve) => {
    const req = request(
      url,
      { method: init.method ?? 'GET', agent: false, headers: init.body ? { 'content-type': 'application/json' } : {} },
      (res: IncomingMessage) => {
        let body = '';
        if (!init.waitForFirstChunk) markOpened();
        res.setEncoding('utf8');
        res.on('data', (d: string) => {
          body += d;
          markOpened();
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body, how: 'end' }));
        res.on('aborted', () => resolve({ status: res.statusCode ?? 0, body, how: 'aborted' }));
        res.on('error', () => resolve({ status: res.statusCode ?? 0, body, how: 'error' }));
      },
    );
    req.on('error', () => resolve({ status: 0, body: '', how: 'error' }));
    req.end(init.body);
  });
  return { opened, ended };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.each(['SIGTERM', 'SIGINT'] as const)('%s while a long-poll and a stream are open', (signal) => {
  it('both end cleanly, the databases are closed, the pid file is removed, exit 0, without the force timeout', async () => {
    const s = await startServer({ env: { CPK_TOKEN: '' } });
    servers.push(s);
    const project = await initProject(s);
    const add = await cpk(['task', 'add', '--title', 'already taken'], project);
    expect(add.code).toBe(0);
    expect((await cpk(['task', 'pickup', '--agent', 'busy'], project)).code).toBe(0);
    const q = `project_id=${project.projectId}`;

    // Nothing open to pick up: these wait (an HTTP long-poll and a real cpk waiting the same way).
    const poll = hold(`${s.url}/api/tasks/pickup?${q}&wait=60`, {
      method: 'POST',
      body: JSON.stringify({ agent: 'waiter' }),
    });
    const cpkWaiter = cpk(['task', 'pickup', '--agent', 'cpk-waiter', '--wait', '60'], project);
    const stream = hold(`${s.url}/api/events/stream?${q}`, { waitForFirstChunk: true });
    await stream.opened;
    // A pickup records its agent before it parks: once both are listed, both are waiting inside the server.
    for (const deadline = Date.now() + 15_000; Date.now() < deadline; await sleep(50)) {
      const agents = (await (await fetch(`${s.url}/api/agents?${q}`)).json()) as { data: { name: string }[] };
      const names = agents.data.map((a) => a.name);
      if (names.includes('waiter') && names.includes('cpk-waiter')) break;
    }
    await sleep(100);

    const dbFile = join(project.cwd, '.codepakt', 'data.db');
    // On SQLite the project's database is open in WAL mode (a server over PostgreSQL keeps no file).
    const sqlite = testBackend() === 'sqlite';
    if (sqlite) expect(existsSync(`${dbFile}-wal`)).toBe(true);
    const sentAt = Date.now();
    s.child.kill(signal);
    const exitCode = await new Promise<number | null>((resolve) =>
      s.child.exitCode !== null ? resolve(s.child.exitCode) : s.child.once('exit', (c) => resolve(c)),
    );
    const tookMs = Date.now() - sentAt;

    const polled = await poll.ended;
    expect(polled.how).toBe('end'); // a whole response, not a dropped connection
    expect(polled.status).toBe(503);
    expectEnvelope(JSON.parse(polled.body) as Envelope, 'shutting_down');

    const waited = await cpkWaiter;
    // "server unreachable" (retry later), not "nothing to pick up": the board was not empty of work, the server went away.
    expect(waited.code, waited.stderr).toBe(3);
    expect(JSON.parse(waited.stderr)).toMatchObject({ error: 'shutting_down' });

    const streamed = await stream.ended;
    expect(streamed.how).toBe('end');
    expect(streamed.status).toBe(200);
    expect(streamed.body).toContain(': connected');

    expect(exitCode).toBe(0);
    // The drain ended the waits itself: the 5 s force close never had to fire.
    expect(tookMs).toBeLessThan(4500);
    expect(s.log()).toContain(`${signal} received`);
    expect(s.log().trimEnd().split('\n').pop()).toBe('stopped');
    expect(s.log()).not.toMatch(/Error|at .+:\d+:\d+/);
    expect(existsSync(join(s.dataDir, 'server.pid'))).toBe(false);
    expect(existsSync(join(s.dataDir, 'server.json'))).toBe(false);
    // The last connection to a WAL database checkpoints and removes its log only when closed properly.
    if (sqlite) expect(existsSync(`${dbFile}-wal`)).toBe(false);
    await expect(fetch(`${s.url}/health`)).rejects.toThrow();
  });
});

describe('a long-running server', () => {
  it('streams and long-polls that come and go leave nothing attached to the shutdown signal (no listener leak)', async () => {
    const s = await startServer({ env: { CPK_TOKEN: '' } });
    servers.push(s);
    const project = await initProject(s);
    const q = `project_id=${project.projectId}`;
    for (let i = 0; i < 25; i++) {
      const stream = new AbortController();
      const res = await fetch(`${s.url}/api/events/stream?${q}`, { signal: stream.signal });
      await res.body!.getReader().read(); // connected
      stream.abort();
      const poll = new AbortController();
      const waiting = fetch(`${s.url}/api/tasks/pickup?${q}&wait=30`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"agent":"w"}',
        signal: poll.signal,
      }).catch(() => undefined);
      await sleep(20);
      poll.abort();
      await waiting;
    }
    await sleep(200);
    expect(await s.stop()).toBe(0);
    expect(s.log()).not.toMatch(/MaxListenersExceededWarning|memory leak/);
  });
});

describe('a request in flight when the signal arrives', () => {
  it('a batch create that was sent is either answered and stored, or refused: never half-done', async () => {
    const s = await startServer({ env: { CPK_TOKEN: '' } });
    servers.push(s);
    const project = await initProject(s);
    const batch = JSON.stringify(Array.from({ length: 1000 }, (_, i) => ({ title: `bulk ${i}`, tags: ['bulk'] })));
    const inflight = hold(`${s.url}/api/tasks?project_id=${project.projectId}`, { method: 'POST', body: batch });
    s.child.kill('SIGTERM');
    // A second signal during the drain (an impatient supervisor) must not cut it short.
    setTimeout(() => s.child.kill('SIGINT'), 5);
    const res = await inflight.ended;
    expect(await s.stop()).toBe(0);
    expect(existsSync(join(s.dataDir, 'server.pid'))).toBe(false);

    const restarted = await startServer({ dataDir: s.dataDir, env: { CPK_TOKEN: '' } });
    servers.push(restarted);
    const list = (await (
      await fetch(`${restarted.url}/api/tasks?project_id=${project.projectId}&limit=1000`)
    ).json()) as { data: unknown[] };
    if (res.how === 'end' && res.status === 201) expect(list.data).toHaveLength(1000);
    else expect([0, 1000]).toContain(list.data.length);
    await restarted.stop();
  });
});
