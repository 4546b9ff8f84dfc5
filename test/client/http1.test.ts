import { afterEach, describe, expect, it } from 'vitest';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createTcpServer, type Server as TcpServer, type Socket } from 'node:net';
import { exchange, MalformedResponseError, type RawRequest } from '../../src/client/http1.js';
import { lightFetch, UnreachableError } from '../../src/client/node-transport.js';

// The CLI's HTTP client, against real servers: node:http ones for what a real server sends, raw TCP
// ones for what a broken or hostile one might.

const servers: { close(): unknown }[] = [];
afterEach(() => {
  for (const s of servers.splice(0)) s.close();
});

async function httpServer(
  handler: (req: IncomingMessage, res: ServerResponse, body: string) => void,
  host = '127.0.0.1',
): Promise<URL> {
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (body += c));
    req.on('end', () => handler(req, res, body));
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  servers.push(server);
  const port = (server.address() as { port: number }).port;
  return new URL(`http://${host.includes(':') ? `[${host}]` : host}:${port}`);
}

/** A TCP server that answers every connection with `reply(socket)`. */
async function tcpServer(reply: (socket: Socket) => void): Promise<URL> {
  const server: TcpServer = createTcpServer(reply);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push(server);
  return new URL(`http://127.0.0.1:${(server.address() as { port: number }).port}`);
}

const request = (url: URL, more: Partial<RawRequest> = {}): Promise<Awaited<ReturnType<typeof exchange>>> =>
  exchange({ url, method: 'GET', headers: {}, body: null, silenceMs: 5000, ...more });

describe('the CLI HTTP/1.1 client', () => {
  it('sends method, path, query, headers and a UTF-8 body with its byte length; reads status, headers and body', async () => {
    const seen: { method?: string; url?: string; headers?: IncomingMessage['headers']; body?: string } = {};
    const url = await httpServer((req, res, body) => {
      Object.assign(seen, { method: req.method, url: req.url, headers: req.headers, body });
      res.writeHead(201, { 'content-type': 'application/json', 'x-two': ['a', 'b'] });
      res.end(JSON.stringify({ echoed: body }));
    });
    const body = JSON.stringify({ title: 'Ünïcödé ✓ 日本' });
    const res = await request(new URL('/api/tasks?project_id=p&x=%20y', url), {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer t' },
      body,
    });
    expect(seen).toMatchObject({ method: 'POST', url: '/api/tasks?project_id=p&x=%20y', body });
    expect(seen.headers).toMatchObject({
      'content-type': 'application/json',
      authorization: 'Bearer t',
      'content-length': String(Buffer.byteLength(body)),
      connection: 'close',
      host: url.host,
    });
    expect(res.status).toBe(201);
    expect(JSON.parse(res.body)).toEqual({ echoed: body });
    expect(res.headers.filter(([k]) => k === 'x-two')).toEqual([
      ['x-two', 'a'],
      ['x-two', 'b'],
    ]);
    // fetch's view joins repeated headers.
    const viaFetch = await lightFetch(url.href, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(viaFetch.headers.get('x-two')).toBe('a, b');
    expect(await viaFetch.json()).toEqual({ echoed: '{}' });
  });

  it('reads a chunked answer, an answer with no length that ends when the server closes, and a 204', async () => {
    const big = 'x'.repeat(300_000);
    const chunked = await httpServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.write('first,');
      setTimeout(() => res.end(big), 20);
    });
    expect((await request(chunked)).body).toBe(`first,${big}`);
    const closeDelimited = await tcpServer((socket) => {
      socket.once('data', () => socket.end('HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\n\r\nuntil the end'));
    });
    expect(await request(closeDelimited)).toMatchObject({ status: 200, body: 'until the end' });
    const empty = await httpServer((_req, res) => {
      res.writeHead(204);
      res.end();
    });
    expect(await request(empty)).toMatchObject({ status: 204, body: '' });
  });

  it('a long answer (8 MiB of multi-byte text) arrives whole, byte for byte', async () => {
    const text = 'ünïcödé ✓ 日本 '.repeat(400_000);
    const url = await httpServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(text) });
      res.end(text);
    });
    const res = await request(url);
    expect(Buffer.byteLength(res.body)).toBeGreaterThan(8 * 1024 * 1024);
    expect(res.body === text).toBe(true);
  });

  it('an answer split at every byte, an interim 103 before it, and trailers after the last chunk', async () => {
    const raw =
      'HTTP/1.1 103 Early Hints\r\nlink: </x>\r\n\r\nHTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n5\r\nhello\r\n7;ext=1\r\n, world\r\n0\r\nx-trailer: 1\r\n\r\n';
    const url = await tcpServer((socket) => {
      socket.once('data', async () => {
        for (const ch of raw) {
          socket.write(ch);
          await new Promise((r) => setImmediate(r));
        }
        // Left open: the client must finish at the last chunk, not wait for the close.
      });
    });
    expect(await request(url)).toMatchObject({ status: 200, body: 'hello, world' });
  });

  it('connects to an IPv6 literal', async () => {
    let url: URL;
    try {
      url = await httpServer((_req, res) => res.end('six'), '::1');
    } catch {
      return; // no IPv6 loopback on this machine
    }
    expect((await request(url)).body).toBe('six');
  });

  it('refuses what is not HTTP, closing early, and header injection; names the silence; honours abort', async () => {
    const ssh = await tcpServer((socket) => socket.end('SSH-2.0-OpenSSH_9.2\r\n'));
    await expect(request(ssh)).rejects.toBeInstanceOf(MalformedResponseError);
    const hangUp = await tcpServer((socket) => socket.once('data', () => socket.end()));
    await expect(request(hangUp)).rejects.toMatchObject({ code: 'ECONNRESET' });
    const truncated = await tcpServer((socket) =>
      socket.once('data', () => socket.end('HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\nshort')),
    );
    await expect(request(truncated)).rejects.toThrow(/closed in the middle/);
    const badLength = await tcpServer((socket) =>
      socket.once('data', () => socket.end('HTTP/1.1 200 OK\r\ncontent-length: -4\r\n\r\n')),
    );
    await expect(request(badLength)).rejects.toThrow(/content-length/);
    const ok = await httpServer((_req, res) => res.end('ok'));
    await expect(request(ok, { headers: { 'x-evil': 'a\r\nx-injected: 1' } })).rejects.toThrow(/line break/);

    const silent = await tcpServer(() => undefined);
    await expect(request(silent, { silenceMs: 300 })).rejects.toThrow('no answer within 0 s');
    const aborted = new AbortController();
    const pending = request(silent, { signal: aborted.signal });
    aborted.abort();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('through lightFetch: a refused connection is UnreachableError naming the server', async () => {
    const url = await tcpServer(() => undefined);
    servers.pop()?.close();
    await new Promise((r) => setTimeout(r, 20));
    const err = await lightFetch(new URL('/health', url).href).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnreachableError);
    expect((err as UnreachableError).message).toContain(url.origin);
    expect((err as UnreachableError).cause).toMatchObject({ code: 'ECONNREFUSED' });
  });
});
