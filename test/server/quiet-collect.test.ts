import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getHeapStatistics } from 'node:v8';
import { afterEach, describe, expect, it } from 'vitest';
import { collectWhenQuiet } from '../../src/server/quiet-collect.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
let server: Server | undefined;
afterEach(() => server?.close());

async function listening(): Promise<{ server: Server; port: number }> {
  const s = createServer((_req, res) => res.end('ok'));
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  server = s;
  return { server: s, port: (s.address() as AddressInfo).port };
}

function get(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    request({ host: '127.0.0.1', port, path: '/' }, (res) => res.resume().on('end', resolve))
      .on('error', reject)
      .end();
  });
}

/** Garbage that survives young-generation collections: promoted, then dropped. */
function burst(mib: number): void {
  let held: { i: number; text: string }[] | null = [];
  for (let i = 0; i < mib * 16_384; i++) held.push({ i, text: `row ${i}` });
  held = null;
}

describe('a full collection once the server is quiet', () => {
  it('runs after a burst once no request has started for the quiet time, and gives the garbage back', {
    timeout: 20_000,
  }, async () => {
    const { server: s, port } = await listening();
    const collector = collectWhenQuiet(s, { quietMs: 2000, everyMs: 25, growthBytes: 4 * 2 ** 20 });
    try {
      const base = getHeapStatistics().used_heap_size;
      await get(port);
      burst(12);
      // Requests keep coming: nothing runs.
      for (let i = 0; i < 12; i++) {
        await get(port);
        await sleep(25);
      }
      expect(collector.collections()).toBe(0);
      for (let i = 0; i < 200 && collector.collections() === 0; i++) await sleep(25);
      expect(collector.collections()).toBe(1);
      expect(getHeapStatistics().used_heap_size).toBeLessThan(base + 4 * 2 ** 20);
      // Quiet, and nothing grew since: it does not run again.
      await sleep(300);
      expect(collector.collections()).toBe(1);
    } finally {
      collector.stop();
    }
  });

  it('leaves a heap that did not grow alone', async () => {
    const { server: s } = await listening();
    const collector = collectWhenQuiet(s, { quietMs: 50, everyMs: 25, growthBytes: 64 * 2 ** 20 });
    await sleep(300);
    expect(collector.collections()).toBe(0);
    collector.stop();
  });
});
