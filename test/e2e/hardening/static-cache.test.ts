import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { join } from 'node:path';
import { ROOT, startServer, type RunningServer } from '../../helpers/processes.js';
import { removeTempDirs } from '../../helpers/temp.js';

const MIB = 1024 * 1024;
const DISTINCT_MISSES = 50_000;
/** Long enough that keeping each path asked would cost ~100 MiB; ~150 MiB was measured before the fix. */
const PATH_PADDING = 'x'.repeat(2000);
/** Transient garbage (request and 404 objects not yet collected) stays well under this. */
const MAX_GROWTH = 60 * MIB;

let server: RunningServer;
const agent = new Agent({ keepAlive: true, maxSockets: 32 });
beforeAll(async () => {
  server = await startServer({ env: { CPK_TOKEN: '', CPK_HOST: '' } });
});
afterAll(async () => {
  agent.destroy();
  await server?.stop();
  removeTempDirs();
});

function residentBytes(pid: number): number {
  const kib = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  if (!kib) throw new Error(`no VmRSS for ${pid}`);
  return Number(kib) * 1024;
}

function get(path: string): Promise<{ status: number; body: Buffer; type: string | undefined }> {
  const url = new URL(server.url);
  return new Promise((resolve, reject) => {
    const req = request({ agent, host: url.hostname, port: url.port, path }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (d: Buffer) => chunks.push(d));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks), type: res.headers['content-type'] }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('static-file cache', () => {
  it(`${DISTINCT_MISSES} distinct missing paths leave the server's memory where it was; the dashboard still serves`, {
    timeout: 180_000,
  }, async () => {
    // Warm up every code path the misses take, so what is measured is what they keep.
    for (let i = 0; i < 500; i++) expect((await get(`/warm-${PATH_PADDING}-${i}.js`)).status).toBe(404);
    const before = residentBytes(server.pid);

    const statuses = new Map<number, number>();
    const concurrency = 32;
    for (let i = 0; i < DISTINCT_MISSES; i += concurrency) {
      const batch = Array.from({ length: Math.min(concurrency, DISTINCT_MISSES - i) }, (_, j) =>
        get(`/missing-${PATH_PADDING}-${i + j}.js`),
      );
      for (const res of await Promise.all(batch)) statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
    }
    expect(Object.fromEntries(statuses)).toEqual({ 404: DISTINCT_MISSES });

    const growth = residentBytes(server.pid) - before;
    expect(growth, `resident memory grew by ${(growth / MIB).toFixed(1)} MiB`).toBeLessThan(MAX_GROWTH);

    // Every file of the bundle, byte for byte, with its type.
    const dashboard = join(ROOT, 'dist/dashboard');
    const index = await get('/');
    expect(index.status).toBe(200);
    expect(index.type).toContain('text/html');
    expect(index.body.equals(readFileSync(join(dashboard, 'index.html')))).toBe(true);
    for (const [file, type] of [
      ['app.js', 'text/javascript'],
      ['app.css', 'text/css'],
      ['favicon.ico', 'image/x-icon'],
    ] as const) {
      const res = await get(`/${file}`);
      expect(res.status, file).toBe(200);
      expect(res.type, file).toContain(type);
      expect(res.body.equals(readFileSync(join(dashboard, file))), file).toBe(true);
    }
  });

  it('only files of the bundle are served: traversal, folders and unknown types are 404 with the envelope', async () => {
    for (const path of [
      '/../package.json',
      '/%2e%2e/package.json',
      '/..%2fserver.js',
      '/dashboard/app.js',
      '/index.html/',
      '/app.js.bak',
      '/server.js',
      '/migrations',
    ]) {
      const res = await get(path);
      expect(res.status, path).toBe(404);
      expect((JSON.parse(res.body.toString('utf8')) as { error: string }).error, path).toBe('not_found');
    }
  });
});
