/**
 * PostgreSQL batch create (POST /api/tasks in requests of 1,000) on built servers, compared back to back
 * over one durable cluster: each round runs every given build once, on a fresh database, in turn.
 * Reports tasks/s and the CPU per task of the server and of PostgreSQL (every process of the cluster:
 * backends, WAL writer, checkpointer), from /proc, which the machine's other work sways less.
 * `npx tsx scripts/bench/postgres-batch-create.ts [--tasks 5000] [--rounds 3] <server.js> ...`
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { findPostgresBin, startCluster } from '../../test/helpers/postgres-cluster.js';
import { batchCreateRate, seedBoard } from './board.js';
import { LoadClient } from './http.js';
import { startBuiltServer } from './processes.js';

const { values: opts, positionals: servers } = parseArgs({
  allowPositionals: true,
  options: { tasks: { type: 'string', default: '5000' }, rounds: { type: 'string', default: '3' } },
});
const tasks = Number(opts.tasks);
const TICKS_PER_S = 100;

/** User + system CPU of a process so far, in seconds (/proc/<pid>/stat fields 14 and 15); 0 once gone. */
function cpuSeconds(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_S;
  } catch {
    return 0;
  }
}

function parentOf(pid: number): number {
  try {
    return Number(readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ')[1]);
  } catch {
    return 0;
  }
}

/** CPU of the postmaster and its children; backends that exited meanwhile are not counted (the pool keeps its own). */
function clusterCpu(postmaster: number): Map<number, number> {
  const cpu = new Map<number, number>([[postmaster, cpuSeconds(postmaster)]]);
  for (const name of readdirSync('/proc')) {
    const pid = Number(name);
    if (Number.isInteger(pid) && parentOf(pid) === postmaster) cpu.set(pid, cpuSeconds(pid));
  }
  return cpu;
}

function grown(before: Map<number, number>, after: Map<number, number>): number {
  let sum = 0;
  for (const [pid, s] of after) sum += s - (before.get(pid) ?? 0);
  return sum;
}

const bin = findPostgresBin();
if (!bin) throw new Error('PostgreSQL is not installed');
const cluster = await startCluster(bin, { durable: true });
const postmaster = Number(readFileSync(join(cluster.dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
const admin = new pg.Client({ connectionString: cluster.url });
await admin.connect();
let runs = 0;

interface Result {
  perSecond: number;
  serverUs: number;
  postgresUs: number;
}

async function once(serverJs: string): Promise<Result> {
  const db = `create_${++runs}`;
  await admin.query(`CREATE DATABASE ${db}`);
  const root = mkdtempSync(join(tmpdir(), 'cpk-bench-pg-create-'));
  const server = await startBuiltServer(resolve(serverJs), join(root, 'data'), undefined, [
    '--database',
    cluster.url.replace(/\/postgres$/, `/${db}`),
  ]);
  const client = new LoadClient(server.url, 1);
  try {
    const res = await client.json<{ data: { id: string } }>('POST', '/api/projects', { name: 'create' }, 201);
    const s0 = cpuSeconds(server.pid);
    const p0 = clusterCpu(postmaster);
    const rate = batchCreateRate(tasks, await seedBoard(client, res.data.id, tasks));
    const serverCpu = cpuSeconds(server.pid) - s0;
    const postgresCpu = grown(p0, clusterCpu(postmaster));
    const us = (s: number) => Number(((s * 1e6) / tasks).toFixed(1));
    return { perSecond: Math.round(rate.perSecond), serverUs: us(serverCpu), postgresUs: us(postgresCpu) };
  } finally {
    client.close();
    await server.stop();
    rmSync(root, { recursive: true, force: true });
  }
}

const results = new Map<string, Result[]>();
try {
  for (let round = 0; round < Number(opts.rounds); round++) {
    for (const s of round % 2 === 0 ? servers : [...servers].reverse()) {
      const r = await once(s);
      process.stderr.write(
        `${s}: ${r.perSecond} tasks/s, CPU per task: server ${r.serverUs} µs, PostgreSQL ${r.postgresUs} µs\n`,
      );
      results.set(s, [...(results.get(s) ?? []), r]);
    }
  }
} finally {
  await admin.end().catch(() => undefined);
  await cluster.stop();
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
for (const [s, rs] of results) {
  console.log(
    JSON.stringify({
      server: s,
      tasks_per_s: median(rs.map((r) => r.perSecond)),
      server_cpu_us_per_task: median(rs.map((r) => r.serverUs)),
      postgres_cpu_us_per_task: median(rs.map((r) => r.postgresUs)),
      runs: rs,
    }),
  );
}
