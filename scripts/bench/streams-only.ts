/** `tsx scripts/bench/streams-only.ts [serverJs]`: only the open-event-streams row, for tracing its cost. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createProject, pickupLoad, seedBoard } from './board.js';
import { pickupsWithStreams } from './hostile-load.js';
import { LoadClient } from './http.js';
import { startBuiltServer } from './processes.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');
const serverJs = process.argv[2] ?? join(ROOT, 'dist', 'server.js');
const work = mkdtempSync(join(tmpdir(), 'cpk-streams-'));
try {
  const server = await startBuiltServer(serverJs, join(work, 'data'));
  const api = new LoadClient(server.url, 16);
  const { projectId } = await createProject(api, work, 'board');
  await seedBoard(api, projectId, 20_000);
  await pickupLoad(api, projectId, 16, 200);
  const rows = await pickupsWithStreams(api, server.url, server.pid, projectId, 16, 1500, [0, 100, 300]);
  for (const s of rows)
    process.stdout.write(
      `${s.streams} streams: ${Math.round(s.summary.perSecond)}/s p99 ${s.summary.p99.toFixed(1)} ms, server CPU ${Math.round(s.serverCpuMicros)} µs/pickup, readers ${Math.round(s.readerCpuMicros)} µs/pickup\n`,
    );
  api.close();
  await server.stop();
} finally {
  rmSync(work, { recursive: true, force: true });
}
