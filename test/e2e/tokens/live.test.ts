import { request } from 'node:http';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cpk, startServer, type RunningServer } from '../../helpers/processes.js';
import { removeTempDirs, tempDir } from '../../helpers/temp.js';
import { addToken, initWithToken, revokeToken, send } from './setup.js';

const servers: RunningServer[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
  removeTempDirs();
});

async function serve(options: Parameters<typeof startServer>[0]): Promise<RunningServer> {
  const s = await startServer(options);
  servers.push(s);
  return s;
}

/** How long after `since` the request first answers `status`; fails past `ms`. */
async function msUntil(since: number, status: number, ask: () => Promise<number>, ms = 3000): Promise<number> {
  for (;;) {
    if ((await ask()) === status) return Date.now() - since;
    if (Date.now() - since > ms) throw new Error(`still not ${status} after ${ms} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A long request (event stream, waiting pickup); `closed` resolves when the server ends it, with what it sent. */
function longRequest(url: string, token: string, method = 'GET') {
  let status = 0;
  let received = '';
  let onOpen: () => void = () => undefined;
  const opened = new Promise<void>((resolve) => (onOpen = resolve));
  const closed = new Promise<{ status: number; received: string }>((resolve) => {
    const req = request(url, { method, headers: { authorization: `Bearer ${token}` }, agent: false }, (res) => {
      status = res.statusCode ?? 0;
      res.setEncoding('utf8');
      res.on('data', (d: string) => {
        received += d;
        onOpen();
      });
      res.on('close', () => resolve({ status, received }));
    });
    req.on('error', () => resolve({ status, received }));
    req.end();
  });
  return { opened, closed };
}

describe('a running server follows the token file', () => {
  it('a revoked token is refused (401) within 1 s, its open event stream and waiting pickup cut', async () => {
    const dataDir = tempDir('cpk-live-');
    const alice = await addToken(dataDir, '--agent', 'alice');
    const admin = await addToken(dataDir, '--person', 'admin');
    // No --token: the file's tokens alone guard it.
    const s = await serve({ dataDir });
    const { projectId } = await initWithToken(s, tempDir('cpk-live-proj-'), admin.token, 'live');
    const tasks = `/api/tasks?project_id=${projectId}`;
    expect((await send(s, undefined, 'GET', tasks)).status).toBe(401);
    expect((await send(s, alice.token, 'GET', tasks)).status).toBe(200);

    const stream = longRequest(`${s.url}/api/events/stream?project_id=${projectId}`, alice.token);
    await stream.opened;
    const waiting = longRequest(`${s.url}/api/tasks/pickup?project_id=${projectId}&wait=30`, alice.token, 'POST');
    await new Promise((r) => setTimeout(r, 200));

    // From the moment `cpk server token revoke` has rewritten the file.
    await revokeToken(dataDir, alice.id);
    const revoked = Date.now();
    const after = await msUntil(revoked, 401, async () => (await send(s, alice.token, 'GET', tasks)).status);
    expect(after).toBeLessThan(1000);
    const refused = await send(s, alice.token, 'GET', tasks);
    expect(refused.body).toMatchObject({ error: 'unauthorized' });
    const [, waited] = await Promise.race([
      Promise.all([stream.closed, waiting.closed]),
      new Promise<never>((_, reject) =>
        setTimeout(() => reject(new Error('long requests still open 1 s after')), 1000),
      ),
    ]);
    // The stream is cut; the waiting pickup ends with an answer that says why.
    expect(waited.status).toBe(401);
    expect(JSON.parse(waited.received)).toMatchObject({ error: 'unauthorized' });
    // The waiting pickup claimed nothing: a task added now is still open.
    expect((await send(s, admin.token, 'POST', tasks, { title: 'after revoke' })).status).toBe(201);
    const list = await send(s, admin.token, 'GET', tasks);
    expect((list.body.data as unknown as { status: string }[]).map((t) => t.status)).toEqual(['open']);
    // The other token was not touched.
    expect((await send(s, admin.token, 'GET', tasks)).status).toBe(200);
  });

  it('the first token added makes an open server ask for tokens within 1 s; revoking the last opens it again', async () => {
    const dataDir = tempDir('cpk-live-');
    const s = await serve({ dataDir });
    expect((await send(s, undefined, 'GET', '/api/projects')).status).toBe(200);
    const bob = await addToken(dataDir, '--agent', 'bob');
    const added = Date.now();
    // A token it has not seen yet works on its first request.
    expect((await send(s, bob.token, 'GET', '/api/projects')).status).toBe(200);
    expect(
      await msUntil(added, 401, async () => (await send(s, undefined, 'GET', '/api/projects')).status),
    ).toBeLessThan(1000);
    await revokeToken(dataDir, bob.id);
    const revoked = Date.now();
    // A loopback server without a token of any kind is open, as one started without --token.
    expect(
      await msUntil(revoked, 200, async () => (await send(s, undefined, 'GET', '/api/projects')).status),
    ).toBeLessThan(1000);
  });

  it('a token file that turns bad while the server runs refuses every file token; the shared token still works', async () => {
    const dataDir = tempDir('cpk-live-');
    const carol = await addToken(dataDir, '--agent', 'carol');
    const s = await serve({ dataDir, args: ['--token', 'shared'] });
    expect((await send(s, carol.token, 'GET', '/api/projects')).status).toBe(200);
    const file = join(dataDir, 'tokens.json');
    writeFileSync(file, '{"version": 1, "tokens": [oops');
    const broke = Date.now();
    expect(
      await msUntil(broke, 401, async () => (await send(s, carol.token, 'GET', '/api/projects')).status),
    ).toBeLessThan(1000);
    expect((await send(s, 'shared', 'GET', '/api/projects')).status).toBe(200);
    expect(s.log()).toContain(file);
    // `token add` refuses to build on a bad file; repaired by hand, tokens added since work.
    expect((await cpk(['server', 'token', 'add', '--agent', 'dave'], { env: { CPK_DATA_DIR: dataDir } })).code).toBe(1);
    writeFileSync(file, `${JSON.stringify({ version: 1, tokens: [] })}\n`);
    const dave = await addToken(dataDir, '--agent', 'dave');
    expect((await send(s, dave.token, 'GET', '/api/projects')).status).toBe(200);
    expect((await send(s, carol.token, 'GET', '/api/projects')).status).toBe(401);
  });
});

describe('starting with a token file', () => {
  const badFiles: [string, string, RegExp][] = [
    ['not JSON', '{"version": 1,', /not valid JSON/],
    ['not the file shape', '[]', /is not \{"version": 1, "tokens": \[\.\.\.\]\}/],
    [
      'an entry with both bindings',
      JSON.stringify({
        version: 1,
        tokens: [
          {
            id: 'tok_0123456789ab',
            agent: 'a',
            person: 'b',
            sha256: 'a'.repeat(64),
            created_at: '2026-01-01T00:00:00.000Z',
          },
        ],
      }),
      /bad entry at index 0 \(.*exactly one of agent and person/,
    ],
    [
      'an unknown field',
      JSON.stringify({
        version: 1,
        tokens: [
          {
            id: 'tok_0123456789ab',
            agent: 'a',
            sha256: 'a'.repeat(64),
            created_at: '2026-01-01T00:00:00.000Z',
            token: 'x',
          },
        ],
      }),
      /bad entry at index 0/,
    ],
  ];

  it.each(badFiles)(
    'a token file that is %s refuses the start, naming the file and what is wrong',
    async (_l, text, why) => {
      const dataDir = tempDir('cpk-bad-');
      const file = join(dataDir, 'tokens.json');
      writeFileSync(file, text);
      const err = await startServer({ dataDir }).then(
        () => new Error('started'),
        (e: Error) => e,
      );
      expect(err.message).toContain('server exited early');
      expect(err.message).toContain(file);
      expect(err.message).toMatch(why);
      const viaCpk = await cpk(['server', 'start', '-d', dataDir, '-p', '0']);
      expect(viaCpk.code).toBe(1);
      expect(viaCpk.error().error).toBe('start_failed');
      expect(viaCpk.error().message).toContain(file);
    },
  );

  it('a server on a non-loopback host starts with agent tokens and no --token, and always asks for one', async () => {
    const dataDir = tempDir('cpk-host-');
    const refused = await startServer({ dataDir, args: ['--host', '0.0.0.0'] }).then(
      () => 'started',
      (e: Error) => e.message,
    );
    expect(refused).toMatch(/Refusing to listen on 0\.0\.0\.0 without a token: pass --token or set CPK_TOKEN/);
    const erin = await addToken(dataDir, '--agent', 'erin');
    const s = await serve({ dataDir, args: ['--host', '0.0.0.0'] });
    expect((await send(s, undefined, 'GET', '/api/projects')).status).toBe(401);
    expect((await send(s, erin.token, 'GET', '/api/projects')).status).toBe(200);
    await revokeToken(dataDir, erin.id);
    // Reachable from other machines: revoking the last token does not open it.
    await new Promise((r) => setTimeout(r, 600));
    expect((await send(s, undefined, 'GET', '/api/projects')).status).toBe(401);
    expect((await send(s, erin.token, 'GET', '/api/projects')).status).toBe(401);
  });
});
