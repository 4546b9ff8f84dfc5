import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MAX_BODY_BYTES } from '../../src/server/app.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { removeTempDirs } from '../helpers/temp.js';

afterAll(removeTempDirs);

interface Envelope {
  error: string;
  message: string;
  details?: { path: string; message: string }[];
}

let t: TestApp;
let projectPath: string;
let projectId: string;
afterEach(() => t.close());

/** A raw request to the in-process app, for bodies the typed client would never build. */
async function raw(
  method: string,
  path: string,
  init: { body?: BodyInit; contentType?: string; headers?: Record<string, string> } = {},
) {
  const headers: Record<string, string> = { ...init.headers };
  if (init.contentType) headers['content-type'] = init.contentType;
  const res = await t.app.request(`http://localhost${path}`, { method, headers, body: init.body ?? null });
  const text = await res.text();
  return { status: res.status, contentType: res.headers.get('content-type'), text, body: JSON.parse(text) as Envelope };
}

function expectEnvelope(body: Envelope, code: string): void {
  expect(body.error).toBe(code);
  expect(typeof body.message).toBe('string');
  expect(body.message.length).toBeGreaterThan(0);
  expect(Object.keys(body).every((k) => ['error', 'message', 'details'].includes(k))).toBe(true);
}

describe('bad input gets the error envelope with a 4xx, never a 500', () => {
  beforeEach(async () => {
    t = createTestApp();
    const p = await t.project('bad-input');
    projectPath = p.path;
    projectId = p.id;
  });

  it.each([
    ['truncated JSON', '{"name": '],
    ['trailing garbage', '{"name":"a","path":"/tmp"} x'],
    ['empty body', ''],
    ['single quotes', "{'name': 'a'}"],
  ])('malformed JSON (%s) → 400 naming the body', async (_label, body) => {
    const res = await raw('POST', '/api/projects', { body, contentType: 'application/json' });
    expect(res.status).toBe(400);
    expect(res.contentType).toContain('application/json');
    expectEnvelope(res.body, 'validation_error');
    expect(res.body.details?.[0]?.path).toBe('body');
  });

  it.each([
    ['array instead of object', '[1,2]'],
    ['null', 'null'],
    ['a string', '"hello"'],
  ])('a JSON body of the wrong shape (%s) → 400', async (_label, body) => {
    const res = await raw('POST', '/api/projects', { body, contentType: 'application/json' });
    expect(res.status).toBe(400);
    expectEnvelope(res.body, 'validation_error');
    expect(res.body.details?.length).toBeGreaterThan(0);
  });

  it.each([
    ['name is a number', { name: 42, path: '/tmp' }, 'name'],
    ['path is an object', { name: 'a', path: { dir: '/tmp' } }, 'path'],
    ['name is null', { name: null, path: '/tmp' }, 'name'],
    ['name is blank', { name: '   ', path: '/tmp' }, 'name'],
    ['name is too long', { name: 'n'.repeat(101), path: '/tmp' }, 'name'],
    ['path is relative', { name: 'a', path: 'relative/folder' }, 'path'],
  ])('wrong types or values (%s) → 400 naming the field', async (_label, body, field) => {
    const res = await t.api.POST('/api/projects', { body: body as never });
    expect(res.response.status).toBe(400);
    expectEnvelope(res.error as Envelope, 'validation_error');
    expect(res.error!.details?.map((d) => d.path)).toEqual([field]);
    expect(res.error!.message).toContain(field);
  });

  it('missing fields → 400 naming every missing field', async () => {
    // Without a path a project is hosted: the name is all it needs.
    const res = await t.api.POST('/api/projects', { body: {} as never });
    expect(res.response.status).toBe(400);
    expectEnvelope(res.error as Envelope, 'validation_error');
    expect(res.error!.details?.map((d) => d.path).sort()).toEqual(['name']);
  });

  it('extra fields are refused (strict schemas), naming the unknown field, at any depth', async () => {
    const top = await t.api.POST('/api/projects', { body: { name: 'a', path: projectPath, owner: 'eve' } as never });
    expect(top.response.status).toBe(400);
    expect(top.error!.details).toEqual([{ path: 'owner', message: 'Unknown field' }]);

    const nested = await t.api.PATCH('/api/projects/{id}', {
      params: { path: { id: projectId } },
      body: { settings: { lease: 60 } } as never,
    });
    expect(nested.response.status).toBe(400);
    expect(nested.error!.details).toEqual([{ path: 'settings.lease', message: 'Unknown field' }]);
  });

  it('an over-long path parameter → 400 naming it', async () => {
    const res = await t.api.GET('/api/projects/{id}', { params: { path: { id: 'x'.repeat(500) } } });
    expect(res.response.status).toBe(400);
    expect(res.error!.details?.[0]?.path).toBe('id');
  });

  it.each([
    ['no content type', undefined],
    ['text/plain', 'text/plain'],
    ['form encoded', 'application/x-www-form-urlencoded'],
  ])('a non-JSON content type (%s) → 415', async (_label, contentType) => {
    const res = await raw('POST', '/api/projects', {
      body: JSON.stringify({ name: 'a', path: projectPath }),
      contentType,
    });
    expect(res.status).toBe(415);
    expectEnvelope(res.body, 'unsupported_media_type');
  });

  it('application/json with a charset parameter is accepted', async () => {
    const res = await raw('POST', '/api/projects', {
      body: JSON.stringify({ name: 'a', path: projectPath }),
      contentType: 'application/json; charset=utf-8',
    });
    expect(res.status).toBe(200);
  });

  it('a body over 1 MiB → 413 payload_too_large, with or without a Content-Length', async () => {
    const big = JSON.stringify({ name: 'a', path: `/${'x'.repeat(MAX_BODY_BYTES)}` });
    const withLength = await raw('POST', '/api/projects', { body: big, contentType: 'application/json' });
    expect(withLength.status).toBe(413);
    expectEnvelope(withLength.body, 'payload_too_large');

    // Streamed: the limit is enforced on the bytes read, not on a header a client may omit.
    const streamed = await t.app.request('http://localhost/api/projects', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: new Blob([big]).stream(),
      duplex: 'half',
    } as RequestInit);
    expect(streamed.status).toBe(413);
    expectEnvelope((await streamed.json()) as Envelope, 'payload_too_large');

    // Just under the limit is parsed and validated normally.
    const under = JSON.stringify({ name: 'a', path: `/${'x'.repeat(MAX_BODY_BYTES - 100)}` });
    const ok = await raw('POST', '/api/projects', { body: under, contentType: 'application/json' });
    expect(ok.status).toBe(400);
    expect(ok.body.details?.[0]?.path).toBe('path');
  });

  it.each([
    ['GET', '/api/nope'],
    ['GET', '/nope'],
    ['DELETE', '/api/projects'],
    ['POST', '/health'],
  ])('unknown route %s %s → 404 JSON', async (method, path) => {
    const res = await raw(method, path);
    expect(res.status).toBe(404);
    expect(res.contentType).toContain('application/json');
    expectEnvelope(res.body, 'not_found');
    expect(res.body.message).toContain(path);
  });
});

describe('unexpected errors', () => {
  // Routes can only be added before the app's first request builds its router.
  beforeEach(() => {
    t = createTestApp();
  });

  it('a thrown error is a 500 internal_error with the request id, no stack or message, and is logged', async () => {
    const logged: unknown[][] = [];
    const spy = vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void logged.push(args));
    try {
      t.app.get('/test-only/boom', () => {
        throw new Error('secret detail at /home/someone/db.sqlite');
      });
      const res = await t.app.request('http://localhost/test-only/boom');
      expect(res.status).toBe(500);
      const text = await res.text();
      const body = JSON.parse(text) as Envelope;
      expect(body.error).toBe('internal_error');
      const requestId = res.headers.get('x-request-id');
      expect(requestId).toBeTruthy();
      expect(body.message).toContain(requestId!);
      expect(text).not.toContain('secret detail');
      expect(text).not.toMatch(/\bat .+:\d+:\d+/); // no stack frames
      expect(Object.keys(body).sort()).toEqual(['error', 'message']);

      // The server log keeps what the client does not see.
      const line = logged
        .map((args) => args.map((a) => (a instanceof Error ? `${a.message}\n${a.stack}` : String(a))).join(' '))
        .join('\n');
      expect(line).toContain(requestId!);
      expect(line).toContain('secret detail');
    } finally {
      spy.mockRestore();
    }
  });

  it('a non-Error thrown value is still a clean 500 envelope', async () => {
    const spy = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      t.app.post('/test-only/throw-string', () => {
        throw 'a bare string';
      });
      const res = await t.app.request('http://localhost/test-only/throw-string', { method: 'POST' });
      expect(res.status).toBe(500);
      const body = (await res.json()) as Envelope;
      expect(body.error).toBe('internal_error');
      expect(JSON.stringify(body)).not.toContain('a bare string');
    } finally {
      spy.mockRestore();
    }
  });
});
