/**
 * Batch create (POST /api/tasks in requests of 1,000) on built servers, compared back to back: each
 * round runs every given build once, on a fresh data dir, in turn. Reports tasks/s and the server's
 * CPU time per task (from /proc, less swayed than the wall clock by other work on the machine).
 * `npx tsx scripts/bench/batch-create.ts [--tasks 60000] [--rounds 3] <server.js>[@<node option>,...] ...`
 * (e.g. `dist/server.js@--max-semi-space-size=16`: the same build with other V8 options).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { SERVER_NODE_ARGS } from '../../src/shared/defaults.js';
import { batchCreateRate, createProject, seedBoard } from './board.js';
import { LoadClient } from './http.js';
import { startBuiltServer } from './processes.js';

const { values: opts, positionals: servers } = parseArgs({
  allowPositionals: true,
  options: { tasks: { type: 'string', default: '60000' }, rounds: { type: 'string', default: '3' } },
});
const tasks = Number(opts.tasks);
const TICKS_PER_S = 100;

/** User + system CPU of a process so far, in seconds (/proc/<pid>/stat fields 14 and 15). */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_S;
}

async function once(serverJs: string): Promise<{ perSecond: number; cpuUsPerTask: number }> {
  const root = mkdtempSync(join(tmpdir(), 'cpk-bench-create-'));
  const [js = '', options] = serverJs.split('@');
  const nodeArgs = options === undefined ? SERVER_NODE_ARGS : [...SERVER_NODE_ARGS, ...options.split(',')];
  const server = await startBuiltServer(resolve(js), join(root, 'data'), nodeArgs);
  const client = new LoadClient(server.url, 1);
  try {
    const { projectId } = await createProject(client, root, 'create');
    const cpu0 = cpuSeconds(server.pid);
    const rate = batchCreateRate(tasks, await seedBoard(client, projectId, tasks));
    const cpu = cpuSeconds(server.pid) - cpu0;
    return { perSecond: Math.round(rate.perSecond), cpuUsPerTask: Number(((cpu * 1e6) / tasks).toFixed(1)) };
  } finally {
    client.close();
    await server.stop();
    rmSync(root, { recursive: true, force: true });
  }
}

const results = new Map<string, { perSecond: number; cpuUsPerTask: number }[]>();
for (let round = 0; round < Number(opts.rounds); round++) {
  for (const s of round % 2 === 0 ? servers : [...servers].reverse()) {
    const r = await once(s);
    process.stderr.write(`${s}: ${r.perSecond} tasks/s, ${r.cpuUsPerTask} µs CPU per task\n`);
    results.set(s, [...(results.get(s) ?? []), r]);
  }
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
for (const [s, rs] of results) {
  console.log(
    JSON.stringify({
      server: s,
      tasks_per_s: median(rs.map((r) => r.perSecond)),
      cpu_us_per_task: median(rs.map((r) => r.cpuUsPerTask)),
      runs: rs,
    }),
  );
}
