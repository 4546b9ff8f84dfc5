/**
 * Load over node:http keep-alive connections to 127.0.0.1 (Node's global fetch would add undici's own
 * overhead to every sample). Every loop is bounded by a request count.
 */
import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';
import { summarize, type LatencySummary } from './stats.js';

export interface HttpResult {
  status: number;
  body: string;
}

export class LoadClient {
  private readonly agent: Agent;
  private readonly host: string;
  private readonly port: number;

  constructor(baseUrl: string, sockets: number) {
    const url = new URL(baseUrl);
    if (url.hostname !== '127.0.0.1') throw new Error(`bench only talks to 127.0.0.1, not ${url.hostname}`);
    this.host = url.hostname;
    this.port = Number(url.port);
    this.agent = new Agent({ keepAlive: true, maxSockets: sockets, maxFreeSockets: sockets });
  }

  send(method: string, path: string, body?: unknown): Promise<HttpResult> {
    return this.sendRaw(method, path, body === undefined ? undefined : JSON.stringify(body));
  }

  /**
   * Send a body already serialized as JSON. With `keepBodyUnless`, a response with that status is
   * read and dropped undecoded (body ''): decoding a large answer would count the client's work.
   */
  sendRaw(method: string, path: string, payload: string | undefined, keepBodyUnless?: number): Promise<HttpResult> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (payload !== undefined) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = String(Buffer.byteLength(payload));
    }
    return new Promise((resolve, reject) => {
      const req = request({ host: this.host, port: this.port, method, path, headers, agent: this.agent }, (res) => {
        const chunks: Buffer[] = [];
        const keep = res.statusCode !== keepBodyUnless;
        res.on('data', (c: Buffer) => keep && chunks.push(c));
        res.on('error', reject);
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: keep ? Buffer.concat(chunks).toString('utf8') : '' }),
        );
      });
      req.on('error', reject);
      if (payload !== undefined) req.write(payload);
      req.end();
    });
  }

  /** Send and insist on the expected status; the body parsed as JSON. */
  async json<T>(method: string, path: string, body: unknown, expect: number): Promise<T> {
    const res = await this.send(method, path, body);
    if (res.status !== expect)
      throw new Error(`${method} ${path}: expected ${expect}, got ${res.status}: ${res.body.slice(0, 500)}`);
    return JSON.parse(res.body) as T;
  }

  close(): void {
    this.agent.destroy();
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
