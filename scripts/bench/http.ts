/**
 * Load over keep-alive HTTP/1.1 connections to 127.0.0.1, each carrying one request at a time (see
 * http-connection.ts: lighter than node:http's client, and Node's global fetch adds undici's overhead
 * besides). Every loop is bounded by a request count.
 */
import { performance } from 'node:perf_hooks';
import { HttpConnection, type HttpResult } from './http-connection.js';
import { summarize, type LatencySummary } from './stats.js';

export type { HttpResult } from './http-connection.js';

export class LoadClient {
  private readonly host: string;
  private readonly port: number;
  private readonly idle: HttpConnection[] = [];
  private readonly open = new Set<HttpConnection>();
  private readonly queued: ((c: HttpConnection) => void)[] = [];

  constructor(
    baseUrl: string,
    private readonly sockets: number,
  ) {
    const url = new URL(baseUrl);
    if (url.hostname !== '127.0.0.1') throw new Error(`bench only talks to 127.0.0.1, not ${url.hostname}`);
    this.host = url.hostname;
    this.port = Number(url.port);
  }

  send(method: string, path: string, body?: unknown): Promise<HttpResult> {
    return this.sendRaw(method, path, body === undefined ? undefined : JSON.stringify(body));
  }

  /**
   * Send a body already serialized as JSON. With `keepBodyUnless`, a response with that status is
   * read and dropped undecoded (body ''): decoding a large answer would count the client's work.
   */
  async sendRaw(
    method: string,
    path: string,
    payload: string | undefined,
    keepBodyUnless?: number,
  ): Promise<HttpResult> {
    let head = `${method} ${path} HTTP/1.1\r\nhost: ${this.host}:${this.port}\r\naccept: application/json\r\n`;
    head +=
      payload === undefined
        ? '\r\n'
        : `content-type: application/json\r\ncontent-length: ${Buffer.byteLength(payload)}\r\n\r\n`;
    const connection = await this.take();
    try {
      return await connection.request(head, payload, keepBodyUnless);
    } finally {
      this.give(connection);
    }
  }

  /** Send and insist on the expected status; the body parsed as JSON. */
  async json<T>(method: string, path: string, body: unknown, expect: number): Promise<T> {
    const res = await this.send(method, path, body);
    if (res.status !== expect)
      throw new Error(`${method} ${path}: expected ${expect}, got ${res.status}: ${res.body.slice(0, 500)}`);
    return JSON.parse(res.body) as T;
  }

  close(): void {
    for (const c of this.open) c.close();
    this.open.clear();
    this.idle.length = 0;
  }

  /** An idle connection, a new one while fewer than `sockets` are open, else the next one given back. */
  private take(): Promise<HttpConnection> | HttpConnection {
    const idle = this.idle.pop();
    if (idle) return idle;
    if (this.open.size < this.sockets) {
      const made = new HttpConnection(this.host, this.port);
      this.open.add(made);
      return made;
    }
    return new Promise((resolve) => this.queued.push(resolve));
  }

  /** A connection that broke is closed and replaced by a new one for whoever waits. */
  private give(connection: HttpConnection): void {
    let next = connection;
    if (connection.broken) {
      connection.close();
      this.open.delete(connection);
      if (this.queued.length === 0) return;
      next = new HttpConnection(this.host, this.port);
      this.open.add(next);
    }
    const waiter = this.queued.shift();
    if (waiter) waiter(next);
    else this.idle.push(next);
  }
}

export interface LoadResult extends LatencySummary {
  statuses: Map<number, number>;
  samples: number[];
}

/**
 * `agents` loops run concurrently, each sending requests back to back until `total` requests have
 * been sent; returns the latency of every request and the wall time of the whole run.
 */
export async function runAgents(
  agents: number,
  total: number,
  op: (agent: number) => Promise<number>,
): Promise<LoadResult> {
  const latencies: number[] = [];
  const statuses = new Map<number, number>();
  let issued = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: agents }, async (_, agent) => {
      while (issued < total) {
        issued++;
        const t0 = performance.now();
        const status = await op(agent);
        latencies.push(performance.now() - t0);
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
      }
    }),
  );
  return { ...summarize(latencies, performance.now() - started), statuses, samples: latencies };
}
