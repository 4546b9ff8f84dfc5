import { beforeAll, describe, expect, it } from 'vitest';
import { connect } from 'node:net';
import { createClient } from '../../../src/client/index.js';
import { MAX_BODY_BYTES } from '../../../src/server/app.js';
import { cpk, initProject, type RunningServer } from '../../helpers/processes.js';
import { tempDir } from '../../helpers/temp.js';
import { type Envelope, expectEnvelope, rawExchange, rawRequest } from './http.js';
import { plainServers } from './plain-servers.js';

/** Browser-borne attacks, request bodies and response headers, against a real server process. */

const server = plainServers();

describe('browser-borne attacks on a local server (real process)', () => {
  let s: RunningServer;
  let projectId: string;
  let host: string;
  beforeAll(async () => {
    s = await server();
    projectId = (await initProject(s)).projectId;
    host = `127.0.0.1:${s.port}`;
    const api = createClient(s.url);
    await api.POST('/api/tasks', {
      params: { query: { project_id: projectId } },
      body: [{ title: 'victim one' }, { title: 'victim two' }],
    });
  });

  const json = (body: unknown) => ({ body: JSON.stringify(body), type: 'application/json' });

  it('a page on another origin can neither pick up, edit, block nor register: 403 and nothing changes', async () => {
    const q = `?project_id=${projectId}`;
    const attacks: [string, string, { body: string; type: string }][] = [
      ['POST', `/api/tasks/pickup${q}`, json({ agent: 'evil' })],
      ['POST', `/api/tasks${q}`, json({ title: 'planted' })],
      ['PATCH', `/api/tasks/T-001${q}`, json({ title: 'defaced', status: 'done' })],
      ['POST', `/api/tasks/T-001/block${q}`, json({ reason: 'owned' })],
      ['POST', `/api/docs${q}`, json({ type: 'decision', title: 'planted', body: 'x' })],
      ['PATCH', `/api/projects/${projectId}`, json({ name: 'defaced' })],
      ['POST', '/api/projects', json({ name: 'planted', path: tempDir('cpk-evil-') })],
    ];
    // (An https origin on this very port cannot exist: the port speaks plain HTTP, so scheme is not compared.)
    const origins = [
      'http://evil.example',
      `http://127.0.0.1:${s.port + 1}`,
      `http://localhost:${s.port}`,
      `http://127.0.0.1.evil.example:${s.port}`,
      'null',
      'not a url',
    ];
    for (const [method, path, body] of attacks) {
      for (const origin of origins) {
        // text/plain is what a form or a no-cors fetch can send without a preflight; JSON is what a preflighted one sends.
        for (const type of [body.type, 'text/plain']) {
          const res = await rawRequest(s.url, path, {
            method,
            headers: { host, origin, 'content-type': type },
            body: body.body,
          });
          expect(res.status, `${method} ${path} from ${origin} as ${type}`).toBe(403);
          expectEnvelope(res.json(), 'forbidden');
          expect(res.headers['access-control-allow-origin']).toBeUndefined();
        }
      }
    }
    const api = createClient(s.url);
    const tasks = (await api.GET('/api/tasks', { params: { query: { project_id: projectId } } })).data!.data;
    expect(tasks.map((t) => [t.title, t.status, t.assignee])).toEqual([
      ['victim one', 'open', null],
      ['victim two', 'open', null],
    ]);
    expect((await api.GET('/api/docs', { params: { query: { project_id: projectId } } })).data!.data).toEqual([]);
    expect((await api.GET('/api/projects')).data!.data.map((p) => p.name)).toEqual(['demo']);
  });

  it('the same origin (the dashboard) may write, and a request without Origin (cpk, curl) may too', async () => {
    const patch = await rawRequest(s.url, `/api/tasks/T-002?project_id=${projectId}`, {
      method: 'PATCH',
      headers: { host, origin: `http://${host}`, 'content-type': 'application/json' },
      body: JSON.stringify({ priority: 'P0' }),
    });
    expect(patch.status, patch.text).toBe(200);
    const note = await rawRequest(s.url, `/api/tasks/T-002/notes?project_id=${projectId}`, {
      method: 'POST',
      headers: { host, 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'from a terminal' }),
    });
    expect(note.status, note.text).toBe(201);
  });

  it('a rebound DNS name is refused on every method and path, loopback names are not', async () => {
    for (const badHost of [
      'evil.example',
      `evil.example:${s.port}`,
      `192.0.2.10:${s.port}`,
      `localhost.evil.example:${s.port}`,
      `127.0.0.1.nip.io:${s.port}`,
    ]) {
      for (const [method, path] of [
        ['GET', '/health'],
        ['GET', '/'],
        ['GET', '/openapi.json'],
        ['GET', `/api/tasks?project_id=${projectId}`],
        ['GET', `/api/events/stream?project_id=${projectId}`],
        ['POST', `/api/tasks/pickup?project_id=${projectId}`],
        ['PATCH', `/api/tasks/T-001?project_id=${projectId}`],
        ['DELETE', '/api/projects'],
      ] as const) {
        const res = await rawRequest(s.url, path, {
          method,
          headers: { host: badHost, 'content-type': 'application/json' },
          body: method === 'GET' || method === 'DELETE' ? undefined : JSON.stringify({ agent: 'evil', title: 'x' }),
        });
        expect(res.status, `${method} ${path} Host ${badHost}`).toBe(403);
        expectEnvelope(res.json(), 'forbidden');
      }
    }
    for (const good of [`localhost:${s.port}`, `127.0.0.1:${s.port}`, `[::1]:${s.port}`]) {
      expect((await rawRequest(s.url, '/health', { headers: { host: good } })).status, good).toBe(200);
    }
    const tasks = (
      await createClient(s.url).GET('/api/tasks', {
        params: { query: { project_id: projectId, status: 'in-progress' } },
      })
    ).data!.data;
    expect(tasks).toEqual([]);
  });
});

describe('request bodies on a real server', () => {
  let s: RunningServer;
  let projectId: string;
  beforeAll(async () => {
    s = await server();
    projectId = (await initProject(s)).projectId;
  });

  it.each([
    'text/plain',
    'application/x-www-form-urlencoded',
    'multipart/form-data; boundary=x',
    'application/jsonp',
    'text/json',
  ])('a body sent as %s is 415 and creates nothing', async (type) => {
    const res = await rawRequest(s.url, `/api/tasks?project_id=${projectId}`, {
      method: 'POST',
      headers: { 'content-type': type },
      body: JSON.stringify({ title: 'smuggled' }),
    });
    expect(res.status).toBe(415);
    expectEnvelope(res.json(), 'unsupported_media_type');
  });

  it('over 1 MiB is 413 whether announced by Content-Length or streamed chunked without one', async () => {
    const path = `/api/tasks?project_id=${projectId}`;
    // Announced too big: refused from the header, before a byte of the body arrives.
    const declared = await rawExchange(
      s.url,
      `POST ${path} HTTP/1.1\nHost: 127.0.0.1:${s.port}\nContent-Type: application/json\nContent-Length: ${MAX_BODY_BYTES + 1}`,
      '{"title":',
    );
    expect(declared.status, declared.head).toBe(413);
    expectEnvelope(JSON.parse(declared.body) as Envelope, 'payload_too_large');

    // 2 MiB in 64 KiB chunks: the server must stop at the limit, not buffer it all.
    const chunk = 'x'.repeat(64 * 1024);
    const chunks = ['{"title":"', ...Array.from({ length: 32 }, () => chunk), '"}'];
    const streamed = await rawRequest(s.url, path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
      chunks,
    });
    expect(streamed.status).toBe(413);
    expectEnvelope(streamed.json(), 'payload_too_large');

    // Chunked but under the limit goes through to validation as usual.
    const small = await rawRequest(s.url, path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
      chunks: ['{"title":', '"chunked ok"}'],
    });
    expect(small.status, small.text).toBe(201);
    const tasks = (await createClient(s.url).GET('/api/tasks', { params: { query: { project_id: projectId } } })).data!
      .data;
    expect(tasks.map((t) => t.title)).toEqual(['chunked ok']);
    expect((await rawRequest(s.url, '/health')).status).toBe(200);
  });
});

describe('response headers on a real server', () => {
  it('every kind of response carries nosniff; the dashboard has a strict CSP', async () => {
    const s = await server({ args: ['--token', 't'] });
    const auth = { authorization: 'Bearer t' };
    const cases: [string, string, Record<string, string>, string | undefined][] = [
      ['GET', '/health', {}, undefined],
      ['GET', '/', {}, undefined],
      ['GET', '/openapi.json', {}, undefined],
      ['GET', '/reference', {}, undefined],
      ['GET', '/api/projects', auth, undefined], // 200
      ['GET', '/api/projects', {}, undefined], // 401
      ['GET', '/health', { host: 'evil.example' }, undefined], // 403
      ['GET', '/api/nope', auth, undefined], // 404
      ['POST', '/api/projects', { ...auth, 'content-type': 'text/plain' }, '{}'], // 415
      ['POST', '/api/projects', { ...auth, 'content-type': 'application/json' }, '{'], // 400
    ];
    for (const [method, path, headers, body] of cases) {
      const res = await rawRequest(s.url, path, { method, headers, body });
      expect(res.headers['x-content-type-options'], `${method} ${path} → ${res.status}`).toBe('nosniff');
      if (res.headers['content-type']?.toString().includes('json'))
        expect(() => JSON.parse(res.text) as unknown).not.toThrow();
    }

    const page = await rawRequest(s.url, '/');
    expect(page.headers['content-type']).toContain('text/html');
    const csp = String(page.headers['content-security-policy'] ?? '');
    const directives = new Map(
      csp
        .split(';')
        .map((d) => d.trim().split(/\s+/))
        .map(([name, ...values]) => [name!, values]),
    );
    expect(directives.get('default-src')).toEqual(["'self'"]);
    expect(directives.get('script-src')).toEqual(["'self'"]); // no inline script, no eval
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(directives.get('base-uri')).toEqual(["'none'"]);
    expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
    expect(directives.get('connect-src')).toEqual(["'self'"]);
    expect(csp).not.toMatch(/https?:|\*|unsafe-eval/);
    // The dashboard's own assets are served under the same policy.
    const script = /src="([^"]+\.js)"/.exec(page.text)?.[1];
    if (script) expect((await rawRequest(s.url, script)).headers['content-security-policy']).toBe(csp);
  });
});
