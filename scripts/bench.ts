/**
 * `npm run bench`: builds, starts the real server on a free loopback port with a temporary data dir,
 * and measures the budgets of DESIGN.md §8 together with their baselines in one run. Prints a
 * markdown table and writes it to bench-results/latest.md (raw numbers in bench-results/latest.json).
 *
 * Options: --no-build (use dist/ as it is), --sizes 3000,30000,300000, --pickups 2400, --runs 21.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { openDatabase } from '../src/db/sqlite/database.js';
import { batchCreateRate, ceilingLoad, createProject, pickupLoad, seedBoard, type Board } from './bench/board.js';
import { archiveRates } from './bench/archive.js';
import { codeIndexRows, renderCodeIndex } from './bench/code-index.js';
import { cpkOk, timeCalls, type CliRunner } from './bench/cli.js';
import { docsSearchOutput } from './bench/docs-output.js';
import { LoadClient } from './bench/http.js';
import { pickupsBesideSlowReaders, pickupsWithStreams } from './bench/hostile-load.js';
import { memoryOf, startBuiltServer, startScript } from './bench/processes.js';
import { taskQueryPlans } from './bench/query-plans.js';
import { renderReport, type BenchResults } from './bench/report.js';
import { median, summarize } from './bench/stats.js';
import { storageCeiling } from './bench/storage-ceiling.js';
import { postgresRows } from './bench/postgres.js';
import { machineInfo } from './bench/machine.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, 'bench-results');
const AGENTS = 16;
/** Pickups per board before measuring (page cache); the JIT warms up on the largest board. */
const WARMUP_PICKUPS = 200;
const JIT_WARMUP = 3000;
const ROUNDS = 2;
/** The board the hostile-client rows pick up from, and pickups per measured round there. */
const HOSTILE_TASKS = 20_000;
const STREAM_ROUND_PICKUPS = 1500;

const { values: opts } = parseArgs({
  options: {
    build: { type: 'boolean', default: true },
    'no-build': { type: 'boolean', default: false },
    sizes: { type: 'string', default: '3000,30000,300000' },
    pickups: { type: 'string', default: '2400' },
    runs: { type: 'string', default: '21' },
    'keep-data': { type: 'boolean', default: false },
  },
});
const sizes = opts.sizes.split(',').map(Number);
const pickups = Number(opts.pickups);
const runs = Number(opts.runs);
if (
  sizes.some((s) => !Number.isInteger(s) || s < WARMUP_PICKUPS + pickups) ||
  Math.max(...sizes) < JIT_WARMUP + WARMUP_PICKUPS + pickups
) {
  throw new Error(
    `every board needs at least ${WARMUP_PICKUPS + pickups} tasks (warm-up + measured pickups), the largest ${JIT_WARMUP} more`,
  );
}

const log = (msg: string) => process.stderr.write(`[bench] ${msg}\n`);
const started = performance.now();
// Other work on the machine skews every number: the report shows the load it ran under.
const loadAtStart = loadavg()[0] ?? NaN;

if (opts.build && !opts['no-build']) {
  log('building dist/');
  // In a process of its own: built in this one, esbuild's service and heap stayed with the load client
  // and slowed it (batch create read ~18,000 tasks/s after an in-process build, ~21,000 otherwise).
  const built = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts/build.ts')], { stdio: 'inherit' });
  if (built.status !== 0) throw new Error(`the build failed (exit ${built.status})`);
}
// The bench runs its own copy of the bundles: a test run rebuilding dist/ meanwhile cannot pull them away.
mkdirSync(OUT, { recursive: true });
const dist = join(OUT, 'dist');
rmSync(dist, { recursive: true, force: true });
cpSync(join(ROOT, 'dist'), dist, { recursive: true, filter: (src) => !src.endsWith('scalar.js') });
// The build and the copy leave megabytes of dirty pages; written back during the run, they made every
// fsync of the seeding wait for them (batch create read ~18,000 tasks/s after a build, ~23,000 without).
spawnSync('sync');

const work = mkdtempSync(join(tmpdir(), 'cpk-bench-'));
const dataDir = join(work, 'data');
log(`data in ${work}`);
const server = await startBuiltServer(join(dist, 'server.js'), dataDir);
const api = new LoadClient(server.url, AGENTS);
let ceiling: Awaited<ReturnType<typeof startScript>> | undefined;

try {
  // Boards, filled through the API in requests of 1,000: also the batch-create measurement.
  const boards: Board[] = [];
  const seedLatencies: number[] = [];
  for (const size of sizes) {
    const name = `board-${size}`;
    const { projectId, path } = await createProject(api, work, name);
    log(`seeding ${name}`);
    seedLatencies.push(...(await seedBoard(api, projectId, size)));
    boards.push({ name, size, projectId, path });
  }
  const totalTasks = sizes.reduce((a, b) => a + b, 0);
  const batchCreate = batchCreateRate(totalTasks, seedLatencies);
  log(`  batch create ${Math.round(batchCreate.perSecond)} tasks/s`);
  const afterSeed = memoryOf(server.pid);

  // Pickups: the server's code warmed up on the largest board (throughput still climbs over the first
  // few thousand requests), a short warm-up on every board, then rounds that visit every board in turn,
  // forwards then backwards, so drift over the run (page cache, a busier disk) does not land on one size.
  const largest = boards.reduce((a, b) => (b.size > a.size ? b : a));
  await pickupLoad(api, largest.projectId, AGENTS, JIT_WARMUP);
  for (const board of boards) await pickupLoad(api, board.projectId, AGENTS, WARMUP_PICKUPS);
  const perBoard = new Map<number, { latencies: number[]; ms: number }>();
  for (let round = 0; round < ROUNDS; round++) {
    for (const board of round % 2 === 0 ? boards : [...boards].reverse()) {
      log(`pickups on ${board.name}, round ${round + 1}`);
      const res = await pickupLoad(api, board.projectId, AGENTS, Math.ceil(pickups / ROUNDS));
      log(`  ${Math.round(res.perSecond)}/s, p50 ${res.p50.toFixed(1)} ms, p99 ${res.p99.toFixed(1)} ms`);
      const acc = perBoard.get(board.size) ?? { latencies: [], ms: 0 };
      acc.latencies.push(...res.samples);
      acc.ms += res.seconds * 1000;
      perBoard.set(board.size, acc);
    }
  }
  const pickupResults = sizes.map((size) => {
    const acc = perBoard.get(size) ?? { latencies: [], ms: NaN };
    return { size, summary: summarize(acc.latencies, acc.ms) };
  });

  // Reads on the largest board, one at a time.
  const readPaths: [string, string][] = [
    [
      'GET a task (largest board)',
      `/api/tasks/T-${String(Math.floor(largest.size / 2)).padStart(3, '0')}?project_id=${largest.projectId}`,
    ],
    ['GET 10 tasks in board order (largest board)', `/api/tasks?limit=10&project_id=${largest.projectId}`],
    ['GET 10 open tasks (largest board)', `/api/tasks?limit=10&status=open&project_id=${largest.projectId}`],
    [
      'GET 10 open or in-progress tasks (largest board)',
      `/api/tasks?limit=10&status=open,in-progress&project_id=${largest.projectId}`,
    ],
    ['GET board status (largest board)', `/api/board/status?project_id=${largest.projectId}`],
  ];
  const reads: BenchResults['reads'] = [];
  for (const [label, path] of readPaths) {
    const samples: number[] = [];
    for (let i = 0; i < 30; i++) {
      const t0 = performance.now();
      const res = await api.send('GET', path);
      samples.push(performance.now() - t0);
      if (res.status !== 200) throw new Error(`${path} answered ${res.status}: ${res.body.slice(0, 300)}`);
    }
    reads.push({ label, median: median(samples) });
  }

  // cpk as agents call it, on a small project of typical tasks.
  log('timing cpk');
  const sampleDir = join(work, 'sample');
  mkdirSync(sampleDir, { recursive: true });
  const cliEnv = {
    PATH: process.env.PATH ?? '',
    HOME: work,
    CPK_URL: server.url,
    CPK_DATA_DIR: dataDir,
    CPK_AGENT: 'bench-cli',
  };
  const runner: CliRunner = { cli: join(dist, 'cli.js'), cwd: sampleDir, env: cliEnv };
  cpkOk(runner, ['init', '--name', 'sample']);
  const sampleId = (
    JSON.parse(readFileSync(join(sampleDir, '.codepakt', 'config.json'), 'utf8')) as { project_id: string }
  ).project_id;
  const typical = Array.from({ length: runs * 2 + 20 }, (_, i) => ({
    title: `Add rate limiting to the login endpoint (${i + 1})`,
    epic: 'auth',
    priority: 'P1',
  }));
  await api.json('POST', `/api/tasks?project_id=${sampleId}`, typical, 201);
  const pickupOutput = cpkOk(runner, ['task', 'pickup']).stdout;
  const cli = timeCalls(runner, runs, [
    { label: 'cpk task show', args: () => ['task', 'show', 'T-001'] },
    { label: 'cpk task pickup', args: () => ['task', 'pickup'] },
  ]);
  const output: BenchResults['output'] = [
    { label: 'cpk task pickup', bytes: Buffer.byteLength(pickupOutput), note: 'title, epic, priority' },
    { label: 'cpk task show', bytes: Buffer.byteLength(cpkOk(runner, ['task', 'show', 'T-001']).stdout) },
    {
      label: 'cpk task list --limit 10',
      bytes: Buffer.byteLength(cpkOk(runner, ['task', 'list', '--limit', '10']).stdout),
    },
    { label: 'cpk board status', bytes: Buffer.byteLength(cpkOk(runner, ['board', 'status']).stdout) },
    docsSearchOutput(runner),
  ];

  const afterPickups = memoryOf(server.pid);

  // Clients that do no work must not cost the agents: open event streams, readers that never read.
  const quiet = await createProject(api, work, 'board-hostile');
  await seedBoard(api, quiet.projectId, HOSTILE_TASKS);
  await pickupLoad(api, quiet.projectId, AGENTS, WARMUP_PICKUPS);
  log('pickups beside open event streams');
  const streams = await pickupsWithStreams(
    api,
    server.url,
    server.pid,
    quiet.projectId,
    AGENTS,
    STREAM_ROUND_PICKUPS,
    [0, 100, 300],
  );
  for (const s of streams)
    log(
      `  ${s.streams} streams: ${Math.round(s.summary.perSecond)}/s, p99 ${s.summary.p99.toFixed(1)} ms, server CPU ${Math.round(s.serverCpuMicros)} µs/pickup`,
    );
  log('pickups beside slow readers');
  const slowReaders = await pickupsBesideSlowReaders(
    api,
    server.url,
    server.pid,
    quiet.projectId,
    AGENTS,
    STREAM_ROUND_PICKUPS,
    10,
    300,
  );
  log(`  p99 ${slowReaders.pickup.p99.toFixed(1)} ms, RSS at most ${(slowReaders.rssMax / 2 ** 20).toFixed(0)} MiB`);

  // Query plans on the largest board's database, through a second (read-only) connection.
  const db = openDatabase(join(largest.path, '.codepakt', 'data.db'), { readonly: true });
  const plans = taskQueryPlans(db);
  db.close();

  // Baselines, with the server idle.
  log('HTTP ceiling');
  ceiling = await startScript(['--import', 'tsx', join(ROOT, 'scripts/bench/hono-ceiling.ts')]);
  const ceilingClient = new LoadClient(ceiling.url, AGENTS);
  await ceilingLoad(ceilingClient, AGENTS, JIT_WARMUP);
  const httpCeiling = await ceilingLoad(ceilingClient, AGENTS, pickups);
  ceilingClient.close();
  await ceiling.stop();
  ceiling = undefined;

  log('storage ceiling');
  const storageBoard = sizes.includes(30_000) ? 30_000 : (sizes[0] ?? 3000);
  const storageDir = join(work, 'storage');
  mkdirSync(storageDir, { recursive: true });
  const perCommit = storageCeiling(storageDir, storageBoard, Math.min(pickups, 1000), 1);
  const grouped = storageCeiling(storageDir, storageBoard, pickups, AGENTS);

  // The largest board out as an archive and into a server of its own (last: it grows the server's heap).
  log('archive export and import');
  const archive = await archiveRates({
    cli: join(dist, 'cli.js'),
    serverJs: join(dist, 'server.js'),
    source: server,
    projectId: largest.projectId,
    work,
  });

  // The same server over PostgreSQL: a durable cluster of its own and two replicas. The rows before
  // leave hundreds of megabytes of dirty pages (boards, the archive); written back meanwhile, they made
  // PostgreSQL's WAL flushes wait for them (claims ran ~1,100-1,400/s after them, ~1,900-2,100/s alone).
  spawnSync('sync');
  log('PostgreSQL');
  const pgSizes = { small: sizes[0] ?? 3000, large: Math.max(...sizes), claims: 4000 };
  const postgres = await postgresRows(join(dist, 'server.js'), pgSizes);

  const results: BenchResults = {
    machine: machineInfo(started, loadAtStart),
    agents: AGENTS,
    pickups: pickupResults,
    httpCeiling,
    storage: { board: storageBoard, perCommit, grouped, group: AGENTS },
    batchCreate,
    cli,
    output,
    reads,
    memory: { tasks: totalTasks, afterSeed, afterPickups },
    streams,
    slowReaders,
    plans,
    archive,
    postgres,
  };
  const files = await (await import('./bench/files.js')).filesReport(log);
  log('code index');
  const codeIndex = codeIndexRows(ROOT, join(dist, 'cli.js'));
  const report = `${renderReport(results)}\n\n${files.rows}\n\n${renderCodeIndex(codeIndex)}`;
  writeFileSync(join(OUT, 'latest.md'), `${report}\n`);
  writeFileSync(join(OUT, 'latest.json'), `${JSON.stringify({ ...results, files: files.data, codeIndex }, null, 2)}\n`);
  process.stdout.write(`${report}\n`);
  log(`written to ${join('bench-results', 'latest.md')}`);
} finally {
  api.close();
  await ceiling?.stop();
  await server.stop();
  if (!opts['keep-data']) rmSync(work, { recursive: true, force: true });
}
