/**
 * A small fetch for Node: plain HTTP over a socket (http1.ts), TLS over node:https. Node 20's global fetch, Headers, Request and Response
 * load undici on first touch, which costs a short-lived CLI process more than the rest of its work;
 * these minimal classes do what openapi-fetch needs and nothing more.
 */
import { request as httpsRequest } from 'node:https';
import { exchange } from './http1.js';

type HeaderInput = Record<string, string> | [string, string][] | LightHeaders | undefined;

export class LightHeaders {
  private readonly map = new Map<string, string>();
  constructor(init?: HeaderInput) {
    if (!init) return;
    const entries =
      init instanceof LightHeaders ? [...init.entries()] : Array.isArray(init) ? init : Object.entries(init);
    for (const [k, v] of entries) this.append(k, v);
  }
  get(name: string): string | null {
    return this.map.get(name.toLowerCase()) ?? null;
  }
  has(name: string): boolean {
    return this.map.has(name.toLowerCase());
  }
  set(name: string, value: string): void {
    this.map.set(name.toLowerCase(), String(value));
  }
  append(name: string, value: string): void {
    const key = name.toLowerCase();
    const prev = this.map.get(key);
    this.map.set(key, prev === undefined ? String(value) : `${prev}, ${value}`);
  }
  delete(name: string): void {
    this.map.delete(name.toLowerCase());
  }
  entries(): IterableIterator<[string, string]> {
    return this.map.entries();
  }
  forEach(fn: (value: string, key: string) => void): void {
    for (const [k, v] of this.map) fn(v, k);
  }
  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.map.entries();
  }
  toObject(): Record<string, string> {
    return Object.fromEntries(this.map);
  }
}

interface LightRequestInit {
  method?: string;
  headers?: HeaderInput;
  body?: string | null;
  signal?: AbortSignal | null;
}

export class LightRequest {
  readonly url: string;
  readonly method: string;
  readonly headers: LightHeaders;
  readonly body: string | null;
  readonly signal: AbortSignal | null;
  constructor(url: string | LightRequest, init: LightRequestInit = {}) {
    const base = typeof url === 'string' ? undefined : url;
    this.url = typeof url === 'string' ? url : url.url;
    this.method = (init.method ?? base?.method ?? 'GET').toUpperCase();
    this.headers = new LightHeaders(init.headers ?? base?.headers);
    this.body = init.body ?? base?.body ?? null;
    this.signal = init.signal ?? base?.signal ?? null;
  }
  clone(): LightRequest {
    return new LightRequest(this);
  }
}

export class LightResponse {
  readonly ok: boolean;
  readonly headers: LightHeaders;
  constructor(
    private readonly raw: string,
    readonly status: number,
    headers: LightHeaders,
  ) {
    this.ok = status >= 200 && status < 300;
    this.headers = headers;
  }
  get body(): string {
    return this.raw;
  }
  async text(): Promise<string> {
    return this.raw;
  }
  async json(): Promise<unknown> {
    return JSON.parse(this.raw);
  }
  clone(): LightResponse {
    return new LightResponse(this.raw, this.status, this.headers);
  }
}

/** Thrown when the server cannot be reached at all (the CLI maps it to exit code 3). */
export class UnreachableError extends Error {
  constructor(
    readonly url: string,
    override readonly cause: Error,
  ) {
    super(`Cannot reach the codepakt server at ${url}: ${cause.message}`);
  }
}

/** How long a request may go without any answer from the server before the CLI gives up on it. */
export const DEFAULT_SILENCE_MS = 30_000;

/** A fetch that fails with UnreachableError when the server stays silent for `silenceMs`. */
export function createLightFetch(silenceMs = DEFAULT_SILENCE_MS) {
  return (input: LightRequest | string, init?: LightRequestInit) => lightFetch(input, init, silenceMs);
}

export function lightFetch(
  input: LightRequest | string,
  init?: LightRequestInit,
  silenceMs = DEFAULT_SILENCE_MS,
): Promise<LightResponse> {
  const req = typeof input === 'string' ? new LightRequest(input, init) : input;
  const url = new URL(req.url);
  if (url.protocol === 'http:') {
    return exchange({
      url,
      method: req.method,
      headers: req.headers.toObject(),
      body: req.body,
      silenceMs,
      signal: req.signal,
    }).then(
      (res) => new LightResponse(res.body, res.status, new LightHeaders(res.headers)),
      (err: Error) => Promise.reject(err.name === 'AbortError' ? err : new UnreachableError(url.origin, err)),
    );
  }
  // TLS (a server behind a proxy): node:https, loaded only for it.
  const headers = req.headers.toObject();
  if (req.body !== null) headers['content-length'] = String(Buffer.byteLength(req.body));
  return new Promise((resolve, reject) => {
    const r = httpsRequest(url, { method: req.method, headers, signal: req.signal ?? undefined }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', (err) => reject(new UnreachableError(url.origin, err)));
      res.on('end', () => {
        const h = new LightHeaders();
        for (const [k, v] of Object.entries(res.headers))
          if (v !== undefined) h.set(k, Array.isArray(v) ? v.join(', ') : v);
        resolve(new LightResponse(Buffer.concat(chunks).toString('utf8'), res.statusCode ?? 0, h));
      });
    });
    r.on('error', (err) => reject(err.name === 'AbortError' ? err : new UnreachableError(url.origin, err)));
    // A server that accepts the connection and never answers must not hang the caller forever.
    r.setTimeout(silenceMs, () => r.destroy(new Error(`no answer within ${Math.round(silenceMs / 1000)} s`)));
    if (req.body !== null) r.write(req.body);
    r.end();
  });
}
