/**
 * GET /api/board/status on a large board as the bench leaves it (seeded in requests of 1,000, then
 * 16 agents' pickups), on the built server. The board is kept in a data dir that later runs reuse, so
 * two builds can be compared back to back on the same board.
 * `npx tsx scripts/bench/board-status.ts <data-dir> [--server dist/server.js] [--tasks 300000]
 * [--pickups 4400] [--reads 30] [--profile out-dir] [--save answer.json]`
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { SERVER_NODE_ARGS } from '../../src/shared/defaults.js';
import { batchCreateRate, createProject, pickupLoad, seedBoard } from './board.js';
import { LoadClient } from './http.js';
import { startBuiltServer } from './processes.js';

const { values: opts, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    server: { type: 'string', default: 'dist/server.js' },
    tasks: { type: 'string', default: '300000' },
    pickups: { type: 'string', default: '4400' },
    reads: { type: 'string', default: '30' },
    profile: { type: 'string' },
    save: { type: 'string' },
  },
});
const root = resolve(positionals[0] ?? 'bench-results/board-status');
const dataDir = join(root, 'data');
const boardFile = join(root, 'board.json');
const nodeArgs = opts.profile
  ? [...SERVER_NODE_ARGS, '--cpu-prof', `--cpu-prof-dir=${resolve(opts.profile)}`]
  : SERVER_NODE_ARGS;
mkdirSync(root, { recursive: true });
const server = await startBuiltServer(resolve(opts.server), dataDir, nodeArgs);
const client = new LoadClient(server.url, 16);
try {
  let projectId: string;
  if (existsSync(boardFile)) {
    projectId = (JSON.parse(readFileSync(boardFile, 'utf8')) as { projectId: string }).projectId;
  } else {
    const tasks = Number(opts.tasks);
    projectId = (await createProject(client, root, 'board')).projectId;
    const create = batchCreateRate(tasks, await seedBoard(client, projectId, tasks));
    process.stderr.write(`seeded ${tasks} tasks at ${Math.round(create.perSecond)} tasks/s\n`);
    await pickupLoad(client, projectId, 16, Number(opts.pickups));
    writeFileSync(boardFile, JSON.stringify({ projectId }));
  }
  const path = `/api/board/status?project_id=${projectId}`;
  const samples: number[] = [];
  let bytes = 0;
  for (let i = 0; i < Number(opts.reads); i++) {
    const t0 = performance.now();
    const res = await client.send('GET', path);
    samples.push(performance.now() - t0);
    if (res.status !== 200) throw new Error(`board status answered ${res.status}: ${res.body.slice(0, 300)}`);
    bytes = res.body.length;
    if (opts.save && i === 0) writeFileSync(opts.save, res.body);
  }
  samples.sort((a, b) => a - b);
  const at = (p: number) => Number((samples[Math.floor(p * (samples.length - 1))] ?? NaN).toFixed(2));
  console.log(JSON.stringify({ board_status_ms: { p50: at(0.5), min: at(0), max: at(1) }, bytes }));
} finally {
  client.close();
  await server.stop();
}
