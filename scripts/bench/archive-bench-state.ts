/**
 * The export row's memory in the state `npm run bench` leaves the server in: boards of 3,000, 30,000 and
 * 300,000 tasks seeded, pickups and reads, a sample project, a hostile board with open streams and slow
 * readers, a pause (the bench's baselines), then `cpk export --out` of the largest board with the server's
 * RSS sampled every 20 ms as scripts/bench/archive.ts does.
 *   npx tsx scripts/bench/archive-bench-state.ts [dist dir]   (env SIZES=…, NO_HOSTILE=1, IDLE_MS, KEEP=1)
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { createProject, pickupLoad, seedBoard } from './board.js';
import { LoadClient } from './http.js';
import { pickupsBesideSlowReaders, pickupsWithStreams } from './hostile-load.js';
import { memoryOf, startBuiltServer } from './processes.js';

const dist = process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist');
const sizes = (process.env.SIZES ?? '3000,30000,300000').split(',').map(Number);
const mib = (b: number) => `${(b / 2 ** 20).toFixed(1)} MiB`;
const work = mkdtempSync(join(tmpdir(), 'cpk-exrepro-'));
const server = await startBuiltServer(join(dist, 'server.js'), join(work, 'data'));
const api = new LoadClient(server.url, 16);
const log = (m: string) => process.stderr.write(`[bench] ${m} (rss ${mib(memoryOf(server.pid).rss)})\n`);
function smaps(pid: number): string {
  const s = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
  const f = (k: string) => Number(new RegExp(`^${k}:\\s+(\\d+)`, 'm').exec(s)?.[1] ?? 0) / 1024;
  return `anon ${f('Anonymous').toFixed(0)} MiB, file ${(f('Rss') - f('Anonymous')).toFixed(0)} MiB`;
}
try {
  const boards: { size: number; projectId: string }[] = [];
  for (const size of sizes) {
    const { projectId } = await createProject(api, work, `board-${size}`);
    await seedBoard(api, projectId, size);
    boards.push({ size, projectId });
  }
  log('seeded');
  const largest = boards[boards.length - 1]!;
  await pickupLoad(api, largest.projectId, 16, 3000);
  for (const b of boards) await pickupLoad(api, b.projectId, 16, 200);
  for (let r = 0; r < 2; r++)
    for (const b of r ? [...boards].reverse() : boards) await pickupLoad(api, b.projectId, 16, 1200);
  for (let i = 0; i < 30; i++) await api.send('GET', `/api/board/status?project_id=${largest.projectId}`);
  for (let i = 0; i < 30; i++)
    await api.send('GET', `/api/tasks?limit=10&status=open,in-progress&project_id=${largest.projectId}`);
  const sample = await createProject(api, work, 'sample');
  await api.json(
    'POST',
    `/api/tasks?project_id=${sample.projectId}`,
    Array.from({ length: 62 }, (_, i) => ({ title: `t ${i}`, epic: 'auth' })),
    201,
  );
  for (let i = 0; i < 50; i++)
    await api.send('POST', `/api/tasks/pickup?project_id=${sample.projectId}`, { agent: 'bench-cli' });
  log('after pickups');
  const quiet = await createProject(api, work, 'board-hostile');
  await seedBoard(api, quiet.projectId, 20_000);
  await pickupLoad(api, quiet.projectId, 16, 200);
  if (!process.env.NO_HOSTILE) {
    await pickupsWithStreams(api, server.url, server.pid, quiet.projectId, 16, 1500, [0, 100, 300]);
    log('after streams');
    const slow = await pickupsBesideSlowReaders(api, server.url, server.pid, quiet.projectId, 16, 1500, 10, 300);
    log(`after slow readers (max ${mib(slow.rssMax)})`);
  }
  // The bench runs the query plans and the ceilings here (tens of seconds, the server idle).
  await new Promise((r) => setTimeout(r, Number(process.env.IDLE_MS ?? 20_000)));
  const before = memoryOf(server.pid).rss;
  process.stderr.write(`[bench] before export: ${mib(before)} (${smaps(server.pid)})\n`);
  let max = before;
  let at = '';
  const timer = setInterval(() => {
    const r = memoryOf(server.pid).rss;
    if (r > max) {
      max = r;
      at = smaps(server.pid);
    }
  }, 20);
  const t0 = performance.now();
  await new Promise<void>((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [join(dist, 'cli.js'), 'export', '--project', largest.projectId, '--out', join(work, 'a.jsonl')],
      {
        cwd: work,
        env: { PATH: process.env.PATH ?? '', HOME: work, CPK_URL: server.url },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    child.once('exit', (c) => (c === 0 ? resolve() : reject(new Error(`export exited ${c}`))));
  });
  clearInterval(timer);
  max = Math.max(max, memoryOf(server.pid).rss);
  console.log(
    `export ${((performance.now() - t0) / 1000).toFixed(1)} s: RSS before ${mib(before)}, max ${mib(max)} (+${mib(max - before)}) [${at}], after ${mib(memoryOf(server.pid).rss)}`,
  );
} finally {
  api.close();
  await server.stop();
  if (!process.env.KEEP) rmSync(work, { recursive: true, force: true });
}
