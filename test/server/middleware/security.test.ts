import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../../src/core/clock.js';
import { SqliteCatalog } from '../../../src/db/sqlite/catalog.js';
import { createApp } from '../../../src/server/app.js';
import { createClient } from '../../../src/client/index.js';
import { createTestApp, type TestApp } from '../../helpers/app.js';
import { removeTempDirs, tempDir } from '../../helpers/temp.js';

afterAll(removeTempDirs);

let t: TestApp;
afterEach(() => t.close());

async function send(
  app: TestApp['app'],
  path: string,
  init: { method?: string; headers?: Record<string, string>; body?: unknown } = {},
) {
  const headers: Record<string, string> = { ...init.headers };
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  const res = await app.request(`http://localhost${path}`, {
    method: init.method ?? 'GET',
    headers,
    body: init.body === undefined ? null : JSON.stringify(init.body),
  });
  return { status: res.status, body: (await res.json()) as { error?: string; message?: string; data?: unknown } };
}

describe('origin and host guard', () => {
  it('refuses a state-changing request from a foreign Origin with 403, and registers nothing', async () => {
    t = createTestApp();
    const path = tempDir('cpk-project-');
    for (const origin of ['http://evil.example', 'http://localhost.evil.example', 'null', 'http://localhost:1']) {
      const res = await send(t.app, '/api/projects', {
        method: 'POST',
        headers: { origin, host: 'localhost:41920' },
        body: { name: 'x', path },
      });
      expect(res.status, origin).toBe(403);
      expect(res.body.error).toBe('forbidden');
    }
    expect((await t.api.GET('/api/projects')).data!.data).toEqual([]);
  });

  it('accepts a same-origin POST and a cross-origin GET (reads need no origin check)', async () => {
    t = createTestApp();
    const path = tempDir('cpk-project-');
    const same = await send(t.app, '/api/projects', {
      method: 'POST',
      headers: { origin: 'http://localhost:41920', host: 'localhost:41920' },
      body: { name: 'x', path },
    });
    expect(same.status).toBe(201);
    const read = await send(t.app, '/api/projects', { headers: { origin: 'http://evil.example' } });
    expect(read.status).toBe(200);
  });

  it('refuses any request whose Host is not a name of this server (DNS rebinding) with 403', async () => {
    t = createTestApp();
    for (const host of ['evil.example', 'evil.example:41920', '10.0.0.5:41920']) {
      for (const path of ['/health', '/api/projects', '/', '/openapi.json']) {
        const res = await send(t.app, path, { headers: { host } });
        expect(res.status, `${host} ${path}`).toBe(403);
        expect(res.body.error).toBe('forbidden');
      }
    }
    for (const host of ['localhost:41920', '127.0.0.1:41920', '[::1]:41920', 'LOCALHOST']) {
      expect((await send(t.app, '/health', { headers: { host } })).status, host).toBe(200);
    }
  });

  it('a server bound to a named host also answers to that name', async () => {
    const dataDir = tempDir('cpk-data-');
    const catalog = new SqliteCatalog(dataDir, systemClock);
    try {
      const app = createApp(
        { catalog, clock: systemClock, startedAt: new Date(), token: 's3cret', allowedHosts: ['cpk.internal'] },
        { boundHost: '192.168.1.20' },
      );
      const auth = { authorization: 'Bearer s3cret' };
      expect((await send(app, '/api/projects', { headers: { host: '192.168.1.20:41920', ...auth } })).status).toBe(200);
      expect((await send(app, '/api/projects', { headers: { host: 'cpk.internal', ...auth } })).status).toBe(200);
      expect((await send(app, '/api/projects', { headers: { host: 'elsewhere.example', ...auth } })).status).toBe(403);
    } finally {
      await catalog.close();
    }
  });
});

describe('bearer token', () => {
  it('with a token configured, /api without a bearer is 401; /health stays open', async () => {
    t = createTestApp({ token: 's3cret' });
    const bare = await send(t.app, '/api/projects');
    expect(bare.status).toBe(401);
    expect(bare.body.error).toBe('unauthorized');
    expect(bare.body.message).toContain('CPK_TOKEN');

    const wrong = await send(t.app, '/api/projects', { headers: { authorization: 'Bearer nope' } });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error).toBe('unauthorized');

    const basic = await send(t.app, '/api/projects', { headers: { authorization: 'Basic czNjcmV0' } });
    expect(basic.status).toBe(401);

    // A write without the token is refused before its body is even looked at.
    const write = await send(t.app, '/api/projects', { method: 'POST', body: { name: 'x', path: tempDir() } });
    expect(write.status).toBe(401);

    expect((await send(t.app, '/health')).status).toBe(200);
    expect((await send(t.app, '/api/projects', { headers: { authorization: 'Bearer s3cret' } })).status).toBe(200);
  });

  it('the typed client carries the token it was given', async () => {
    t = createTestApp({ token: 's3cret' });
    const p = await t.project('with-token'); // t.api was built with the token
    expect((await t.api.GET('/api/projects/{id}', { params: { path: { id: p.id } } })).response.status).toBe(200);
    const anonymous = createClient('http://localhost', { fetch: ((req: Request) => t.app.request(req)) as never });
    const res = await anonymous.GET('/api/projects/{id}', { params: { path: { id: p.id } } });
    expect(res.response.status).toBe(401);
    expect(res.error).toMatchObject({ error: 'unauthorized' });
  });

  it('bound to all interfaces with a token, any Host is accepted but the token is still required', async () => {
    const dataDir = tempDir('cpk-data-');
    const catalog = new SqliteCatalog(dataDir, systemClock);
    try {
      const app = createApp(
        { catalog, clock: systemClock, startedAt: new Date(), token: 's3cret' },
        { boundHost: '0.0.0.0' },
      );
      expect(
        (await send(app, '/api/projects', { headers: { host: 'box.lan:41920', authorization: 'Bearer s3cret' } }))
          .status,
      ).toBe(200);
      expect((await send(app, '/api/projects', { headers: { host: 'box.lan:41920' } })).status).toBe(401);
    } finally {
      await catalog.close();
    }
  });
});

describe('response headers', () => {
  it('every response carries nosniff, no-referrer and a request id', async () => {
    t = createTestApp();
    for (const path of ['/health', '/api/projects', '/api/nope', '/']) {
      const res = await t.app.request(`http://localhost${path}`);
      expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(res.headers.get('referrer-policy'), path).toBe('no-referrer');
      expect(res.headers.get('x-request-id'), path).toBeTruthy();
    }
  });
});
