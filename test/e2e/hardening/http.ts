import { request } from 'node:http';
import { spawn } from 'node:child_process';
import { connect } from 'node:net';
import { expect } from 'vitest';

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json<T = Envelope>(): T;
}

export interface Envelope {
  error: string;
  message: string;
  details?: { path: string; message: string }[];
}

/**
 * One HTTP request over a real socket with exactly the headers given (fetch forbids setting Host and
 * always adds its own). `chunks` sends the body with chunked transfer encoding and no Content-Length.
 */
export function rawRequest(
  baseUrl: string,
  path: string,
  init: {
    method?: string;
    headers?: Record<string, string>;
    body?: string | Buffer;
    chunks?: Iterable<string | Buffer>;
  } = {},
): Promise<RawResponse> {
  const url = new URL(path, baseUrl);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        agent: false,
        host: url.hostname,
        port: url.port,
        path: url.pathname + url.search,
        method: init.method ?? 'GET',
        headers: init.headers ?? {},
        setHost: !init.headers?.host && !init.headers?.Host,
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (text += d));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: <T>() => JSON.parse(text) as T }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    if (init.chunks) {
      for (const chunk of init.chunks) {
        // The server may answer (413) and close before the last chunk: that is what is being tested.
        if (req.destroyed) break;
        req.write(chunk);
      }
      req.end();
    } else {
      req.end(init.body);
    }
  });
}

export function expectEnvelope(body: Envelope, code?: string): void {
  expect(typeof body.error).toBe('string');
  if (code) expect(body.error).toBe(code);
  expect(typeof body.message).toBe('string');
  expect(body.message.length).toBeGreaterThan(0);
  expect(
    Object.keys(body).every((k) => ['error', 'message', 'details'].includes(k)),
    JSON.stringify(body),
  ).toBe(true);
  if (body.details !== undefined) {
    expect(Array.isArray(body.details)).toBe(true);
    for (const d of body.details) {
      expect(typeof d.path).toBe('string');
      expect(typeof d.message).toBe('string');
    }
  }
}

/** Run a node script as a real process; resolves with its exit code and output once it exits. */
export function runNode(
  args: string[],
  env: NodeJS.ProcessEnv = {},
  timeoutMs = 20_000,
): Promise<{ code: number | null; signal: NodeJS.Signals | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, output });
    });
  });
}

/**
 * Write raw bytes on a socket and read one HTTP response: for requests no client library will send
 * (a Content-Length the body never reaches). Resolves once the response body announced is complete.
 */
export function rawExchange(
  baseUrl: string,
  head: string,
  body: string | Buffer = '',
): Promise<{ status: number; head: string; body: string }> {
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: url.hostname, port: Number(url.port) });
    let received = Buffer.alloc(0);
    const done = () => {
      const text = received.toString('utf8');
      const split = text.indexOf('\r\n\r\n');
      if (split < 0) return false;
      const headText = text.slice(0, split);
      const length = Number(/content-length:\s*(\d+)/i.exec(headText)?.[1] ?? NaN);
      const bodyText = text.slice(split + 4);
      if (Number.isFinite(length) && Buffer.byteLength(bodyText) < length) return false;
      socket.destroy();
      resolve({ status: Number(/^HTTP\/1\.1 (\d+)/.exec(headText)?.[1] ?? 0), head: headText, body: bodyText });
      return true;
    };
    socket.on('data', (d: Buffer) => {
      received = Buffer.concat([received, d]);
      done();
    });
    socket.on(
      'end',
      () => done() || reject(new Error(`connection closed without a full response: ${received.toString('utf8')}`)),
    );
    socket.on('error', reject);
    socket.setTimeout(10_000, () => socket.destroy(new Error('no response within 10 s')));
    socket.write(`${head.replace(/\n/g, '\r\n')}\r\n\r\n`);
    if (body.length > 0) socket.write(body);
  });
}
