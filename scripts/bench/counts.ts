/**
 * What keeping exact counts per status costs batch create, and what it saves the board: tasks/s of
 * POST /api/tasks in batches of 1,000 and the time of GET /api/board/status, on the built server.
 * `npx tsx scripts/bench/counts.ts [tasks]` (default 60,000); run it on a build with and without
 * migration 0007 to compare.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { batchCreateRate, createProject, seedBoard } from './board.js';
import { LoadClient } from './http.js';
import { startBuiltServer } from './processes.js';

const tasks = Number(process.argv[2] ?? 60_000);
const root = mkdtempSync(join(tmpdir(), 'cpk-bench-counts-'));
const server = await startBuiltServer(join(process.cwd(), 'dist/server.js'), join(root, 'data'));
try {
  const client = new LoadClient(server.url, 4);
  const { projectId } = await createProject(client, root, 'counts');
  const create = batchCreateRate(tasks, await seedBoard(client, projectId, tasks));
  const reads: number[] = [];
  for (let i = 0; i < 50; i++) {
    const t0 = performance.now();
    await client.send('GET', `/api/board/status?project_id=${projectId}`);
    reads.push(performance.now() - t0);
  }
  reads.sort((a, b) => a - b);
  console.log(
    JSON.stringify({
      tasks,
      batch_create_per_s: Math.round(create.perSecond),
      board_status_p50_ms: Number((reads[25] ?? 0).toFixed(2)),
    }),
  );
} finally {
  await server.stop();
  rmSync(root, { recursive: true, force: true });
}
