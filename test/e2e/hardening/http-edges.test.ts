import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gzipSync } from 'node:zlib';
import { startServer, type RunningServer } from '../../helpers/processes.js';
import { removeTempDirs, tempDir } from '../../helpers/temp.js';
import { type Envelope, expectEnvelope, rawExchange, rawRequest } from './http.js';

let server: RunningServer;
beforeAll(async () => {
  server = await startServer({ env: { CPK_TOKEN: '', CPK_HOST: '' } });
});
afterAll(async () => {
  await server?.stop();
  removeTempDirs();
});

async function projectCount(): Promise<number> {
  return ((await (await fetch(`${server.url}/api/projects`)).json()) as { data: unknown[] }).data.length;
}

describe('Host header: an empty or absent one is refused, like a foreign one', () => {
  const host = () => `127.0.0.1:${server.port}`;

  it('no Host or an empty Host, on HTTP/1.1 and HTTP/1.0: refused, never served', async () => {
    for (const head of [
      'GET /health HTTP/1.1\nHost:\nConnection: close',
      'GET /health HTTP/1.1\nHost:   \nConnection: close',
      'GET /health HTTP/1.1\nConnection: close',
      'GET /health HTTP/1.0',
      'GET /api/projects HTTP/1.0\nHost:',
    ]) {
      const res = await rawExchange(server.url, head);
      expect([400, 403], `${head} → ${res.head}`).toContain(res.status);
      expect(res.body, head).not.toContain('"status":"ok"');
    }
  });

  it('an absolute request target naming another host is refused with 403 whatever the Host header says (none, empty, or this server)', async () => {
    const heads = [
      'GET http://evil.example/health HTTP/1.1\nHost:\nConnection: close',
      'GET http://evil.example/health HTTP/1.0',
      `GET http://evil.example/health HTTP/1.1\nHost: ${host()}\nConnection: close`,
      `GET http://evil.example:${server.port}/api/projects HTTP/1.1\nHost: ${host()}\nConnection: close`,
      'GET http://evil.example/openapi.json HTTP/1.0',
      'GET http://evil.example/ HTTP/1.0',
    ];
    for (const head of heads) {
      const res = await rawExchange(server.url, head);
      expect(res.status, `${head} → ${res.head}\n${res.body}`).toBe(403);
      const body = JSON.parse(res.body) as Envelope;
      expectEnvelope(body, 'forbidden');
      expect(body.message).toContain('evil.example');
    }
  });

  it('a state-changing request with no Host through an absolute target registers nothing', async () => {
    const before = await projectCount();
    const payload = JSON.stringify({ name: 'smuggled', path: tempDir('cpk-proj-') });
    for (const target of ['http://evil.example/api/projects', `http://127.0.0.1:${server.port}/api/projects`]) {
      const res = await rawExchange(
        server.url,
        `POST ${target} HTTP/1.1\nHost:\nContent-Type: application/json\nContent-Length: ${Buffer.byteLength(payload)}\nConnection: close`,
        payload,
      );
      expect(res.status, `${target}: ${res.body}`).toBe(403);
      const body = JSON.parse(res.body) as Envelope;
      expectEnvelope(body, 'forbidden');
      expect(body.message).toMatch(target.includes('evil') ? /evil\.example/ : /no Host header/);
    }
    expect(await projectCount()).toBe(before);
  });

  it('still served: this server named in Host, or in an absolute target with its Host', async () => {
    for (const head of [
      `GET /health HTTP/1.1\nHost: ${host()}\nConnection: close`,
      `GET /health HTTP/1.1\nHost: localhost:${server.port}\nConnection: close`,
      `GET http://${host()}/health HTTP/1.1\nHost: ${host()}\nConnection: close`,
    ]) {
      const res = await rawExchange(server.url, head);
      expect(res.status, `${head} → ${res.body}`).toBe(200);
      expect(JSON.parse(res.body)).toMatchObject({ status: 'ok' });
    }
  });
});

describe('Content-Encoding on request bodies', () => {
  const projectBody = () => JSON.stringify({ name: 'zipped', path: tempDir('cpk-proj-') });

  it('a gzip body is refused with 415 naming the encoding, not parsed as JSON; nothing is registered', async () => {
    const before = await projectCount();
    const gz = gzipSync(projectBody());
    const res = await rawRequest(server.url, '/api/projects', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip', 'content-length': String(gz.length) },
      body: gz,
    });
    expect(res.status, res.text).toBe(415);
    expectEnvelope(res.json(), 'unsupported_media_type');
    expect(res.json().message).toContain('gzip');
    expect(await projectCount()).toBe(before);
  });

  it('any other encoding, declared in any case, chunked or not, is refused too, even when the bytes are plain JSON', async () => {
    const before = await projectCount();
    for (const encoding of [
      'br',
      'deflate',
      'GZIP',
      'x-gzip',
      'compress',
      'zstd',
      'gzip, identity',
      'identity, gzip',
    ]) {
      const body = projectBody();
      const plain = await rawRequest(server.url, '/api/projects', {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'content-encoding': encoding,
          'content-length': String(Buffer.byteLength(body)),
        },
        body,
      });
      expect(plain.status, `${encoding}: ${plain.text}`).toBe(415);
      expectEnvelope(plain.json(), 'unsupported_media_type');
      expect(plain.json().message, encoding).toContain(encoding);
      const chunked = await rawRequest(server.url, '/api/projects', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-encoding': encoding },
        chunks: [body.slice(0, 10), body.slice(10)],
      });
      expect(chunked.status, `${encoding} chunked: ${chunked.text}`).toBe(415);
    }
    for (const method of ['PATCH', 'PUT', 'DELETE']) {
      const res = await rawRequest(server.url, '/api/projects/P-none', {
        method,
        headers: { 'content-type': 'application/json', 'content-encoding': 'gzip', 'content-length': '2' },
        body: '{}',
      });
      expect(res.status, `${method}: ${res.text}`).toBe(415);
    }
    expect(await projectCount()).toBe(before);
  });

  it('identity (or an empty header) is no encoding: the body is accepted', async () => {
    for (const encoding of ['identity', 'Identity', '']) {
      const body = projectBody();
      const res = await rawRequest(server.url, '/api/projects', {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'content-encoding': encoding,
          'content-length': String(Buffer.byteLength(body)),
        },
        body,
      });
      expect(res.status, `'${encoding}': ${res.text}`).toBe(201);
    }
  });

  it('a GET carrying the header has no body to refuse', async () => {
    const res = await rawRequest(server.url, '/api/projects', { headers: { 'content-encoding': 'gzip' } });
    expect(res.status).toBe(200);
  });
});
