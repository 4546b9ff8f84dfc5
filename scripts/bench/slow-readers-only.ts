/**
 * `tsx scripts/bench/slow-readers-only.ts [serverJs]`: only the slow-readers row, for tracing its cost.
 * CPK_BENCH_NODE_ARGS (space-separated) replaces the server's Node flags, to compare heap settings.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SERVER_NODE_ARGS } from '../../src/shared/defaults.js';
import { createProject, pickupLoad, seedBoard } from './board.js';
import { pickupsBesideSlowReaders } from './hostile-load.js';
import { LoadClient } from './http.js';
import { memoryOf, startBuiltServer } from './processes.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');
const serverJs = process.argv[2] ?? join(ROOT, 'dist', 'server.js');
const flags = process.env.CPK_BENCH_NODE_ARGS;
const nodeArgs = flags === undefined ? SERVER_NODE_ARGS : flags.split(' ').filter(Boolean);
const work = mkdtempSync(join(tmpdir(), 'cpk-slow-'));
try {
  const server = await startBuiltServer(serverJs, join(work, 'data'), nodeArgs);
  const api = new LoadClient(server.url, 16);
  const { projectId } = await createProject(api, work, 'board');
  await seedBoard(api, projectId, 20_000);
  await pickupLoad(api, projectId, 16, 200);
  const alone = await pickupLoad(api, projectId, 16, 1500);
  const r = await pickupsBesideSlowReaders(api, server.url, server.pid, projectId, 16, 1500, 10, 300);
  const after = memoryOf(server.pid).rss;
  process.stdout.write(
    `[${nodeArgs.join(' ')}] alone ${Math.round(alone.perSecond)}/s p99 ${alone.p99.toFixed(1)} ms; beside readers ${Math.round(r.pickup.perSecond)}/s p50 ${r.pickup.p50.toFixed(1)} p99 ${r.pickup.p99.toFixed(1)} ms, RSS max ${(r.rssMax / 2 ** 20).toFixed(0)} MiB, after ${(after / 2 ** 20).toFixed(0)} MiB\n`,
  );
  api.close();
  await server.stop();
} finally {
  rmSync(work, { recursive: true, force: true });
}
