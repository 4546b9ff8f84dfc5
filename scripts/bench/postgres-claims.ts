/**
 * `tsx scripts/bench/postgres-claims.ts <serverJs> [<serverJs> …] [--rounds N --claims N --hops N --prof DIR --one-replica --statements]`:
 * the PostgreSQL claim row (16 agents over 2 replicas) and the cross-replica wake, for several builds
 * taking turns on one durable cluster (a fresh database per turn), with the CPU each claim cost in the
 * servers, the PostgreSQL processes and this load-generating process (/proc, Linux): steadier than
 * wall-clock rates on a shared machine. `--statements` adds, per turn, PostgreSQL's own time per
 * statement of the claims (pg_stat_statements): what a claim transaction spends while its project is locked.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { SERVER_NODE_ARGS } from '../../src/shared/defaults.js';
import { findPostgresBin, startCluster } from '../../test/helpers/postgres-cluster.js';
import { openSse } from '../../test/helpers/sse.js';
import { BATCH, seedBoard } from './board.js';
import { LoadClient, runAgents } from './http.js';
import { startBuiltServer } from './processes.js';
import { claimSegments, claimsPerCommit, warmUp } from './postgres.js';
import { printStatements, resetStatements, STATEMENT_SETTINGS, trackStatements } from './postgres-statements.js';
import { percentile } from './stats.js';

const AGENTS = 16;
const TICK_MS = 10; // USER_HZ = 100 on Linux

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    rounds: { type: 'string', default: '3' },
    claims: { type: 'string', default: '4000' },
    hops: { type: 'string', default: '200' },
    prof: { type: 'string' },
    'one-replica': { type: 'boolean', default: false },
    statements: { type: 'boolean', default: false },
  },
});
if (positionals.length === 0) throw new Error('name at least one built server.js');

/** CPU milliseconds (user + system) of a process, from /proc/<pid>/stat. */
function cpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
  } catch {
    return 0;
  }
}

/** The postmaster and its children (backends, WAL writer, …), with their CPU so far. */
function postgresCpu(postmaster: number): Map<number, number> {
  const out = new Map<number, number>([[postmaster, cpuMs(postmaster)]]);
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[1]) === postmaster) out.set(Number(name), (Number(fields[11]) + Number(fields[12])) * TICK_MS);
    } catch {}
  }
  return out;
}

/** CPU spent between two samples; processes that ended in between are missed (backends live as long as the pools). */
function spent(before: Map<number, number>, after: Map<number, number>): number {
  let total = 0;
  for (const [pid, ms] of after) total += ms - (before.get(pid) ?? 0);
  return total;
}

interface Turn {
  build: string;
  claimsPerSecond: number;
  perTransaction: number;
  select1: number;
  claimsOfSelect1: number;
  serverUs: number;
  postgresUs: number;
  loadUs: number;
  wakeP50: number;
  wakeP99: number;
}

async function turn(serverJs: string, label: string, url: string, postmaster: number, n: number): Promise<Turn> {
  const work = mkdtempSync(join(tmpdir(), 'cpk-bench-claims-'));
  const start = (nodeArgs: string[]) =>
    Promise.all(
      ['a', 'b'].map((r) =>
        startBuiltServer(serverJs, join(work, r), [...SERVER_NODE_ARGS, ...nodeArgs], ['--database', url]),
      ),
    );
  let servers = await start([]);
  try {
    let a = new LoadClient(servers[0]!.url, AGENTS);
    const project = async (name: string) =>
      (await a.json<{ data: { id: string } }>('POST', '/api/projects', { name }, 201)).data.id;
    const claims = Number(values.claims);
    const claimProject = await project('claims');
    await seedBoard(a, claimProject, Math.ceil((claims + 400) / BATCH) * BATCH);
    if (values.prof) {
      // Profiles of the claims alone: the board was filled by servers that were not profiled.
      a.close();
      await Promise.all(servers.map((s) => s.stop()));
      servers = await start(['--cpu-prof', `--cpu-prof-dir=${join(values.prof, `${label}-${n}`)}`]);
      a = new LoadClient(servers[0]!.url, AGENTS);
    }
    const rb = servers[1]!;
    const b = new LoadClient(rb.url, AGENTS);
    await warmUp([a, b]);
    const path = `/api/tasks/pickup?project_id=${claimProject}`;
    const bodies = Array.from({ length: AGENTS }, (_, i) => JSON.stringify({ agent: `agent-${i + 1}` }));
    // --one-replica: every agent on replica A (B stays up, idle), for comparing group sizes.
    const clients = values['one-replica'] ? [a, a] : [a, b];
    const claim = (agent: number) =>
      clients[agent % 2]!.sendRaw('POST', path, bodies[agent]).then((r) => {
        if (r.status !== 200) throw new Error(`claim answered ${r.status}: ${r.body.slice(0, 200)}`);
        return r.status;
      });
    await runAgents(AGENTS, 400, claim);
    if (values.statements) await resetStatements(url);
    // CPU of the claims segments only, not of the `SELECT 1` segments between them.
    let serverMs = 0;
    let postgresMs = 0;
    let loadUs = 0;
    const {
      claims: run,
      select1PerSecond: select1,
      claimsOfSelect1,
      measured,
    } = await claimSegments(url, claims, async (n) => {
      const serverBefore = servers.map((s) => cpuMs(s.pid));
      const pgBefore = postgresCpu(postmaster);
      const loadBefore = process.cpuUsage();
      const result = await runAgents(AGENTS, n, claim);
      const load = process.cpuUsage(loadBefore);
      loadUs += load.user + load.system;
      serverMs += servers.reduce((sum, s, i) => sum + cpuMs(s.pid) - (serverBefore[i] ?? 0), 0);
      postgresMs += spent(pgBefore, postgresCpu(postmaster));
      return result;
    });
    const perTransaction = await claimsPerCommit(url, claimProject);
    if (values.statements) await printStatements(url, measured / Math.max(1, perTransaction));

    const hop = await project('hops');
    const wakes = Number(values.hops) > 0 ? await wakeLatencies(a, rb.url, b, hop, Number(values.hops)) : [];
    a.close();
    b.close();
    return {
      build: label,
      claimsPerSecond: run.perSecond,
      perTransaction,
      select1,
      claimsOfSelect1,
      serverUs: (serverMs * 1000) / measured,
      postgresUs: (postgresMs * 1000) / measured,
      loadUs: loadUs / measured,
      wakeP50: percentile(wakes, 50),
      wakeP99: percentile(wakes, 99),
    };
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
    rmSync(work, { recursive: true, force: true });
  }
}

/** Commit on `a` (its answer) → a pickup waiting on `b` answers; as the bench's cross-replica row. */
async function wakeLatencies(a: LoadClient, bUrl: string, b: LoadClient, projectId: string, rounds: number) {
  const stream = openSse(bUrl, projectId);
  await stream.connected;
  const out: number[] = [];
  try {
    for (let i = 0; i < rounds; i++) {
      const seen = stream.events.length;
      let pickedAt = 0;
      const waiting = b
        .send('POST', `/api/tasks/pickup?project_id=${projectId}&wait=10`, { agent: `waiter-${i % 4}` })
        .then((r) => {
          pickedAt = performance.now();
          if (r.status !== 200) throw new Error(`waiting pickup answered ${r.status}`);
        });
      await new Promise((r) => setTimeout(r, 15));
      const res = await a.send('POST', `/api/tasks?project_id=${projectId}`, { title: `hop ${i}` });
      const committed = performance.now();
      if (res.status !== 201) throw new Error(`create answered ${res.status}`);
      await waiting;
      out.push(Math.max(0, pickedAt - committed));
      await stream.waitFor(seen + 2, 10_000);
    }
  } finally {
    stream.close();
  }
  return out.sort((x, y) => x - y);
}

const bin = findPostgresBin();
if (!bin) throw new Error('PostgreSQL is not installed');
const cluster = await startCluster(bin, { durable: true, settings: values.statements ? STATEMENT_SETTINGS : [] });
const admin = new pg.Client({ connectionString: cluster.url });
try {
  await admin.connect();
  const postmaster = Number(readFileSync(join(cluster.dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  const turns: Turn[] = [];
  const f = (x: number, d = 0) => x.toFixed(d).padStart(7);
  console.log('build   claims/s  per-tx  SELECT1/s  ratio  server-us  pg-us  load-us  wake-p50  wake-p99');
  for (let round = 0; round < Number(values.rounds); round++) {
    for (const [i, serverJs] of positionals.entries()) {
      const label = String.fromCharCode(65 + i);
      const db = `bench_${round}_${i}`;
      await admin.query(`CREATE DATABASE ${db}`);
      const url = cluster.url.replace(/\/postgres$/, `/${db}`);
      if (values.statements) await trackStatements(url);
      const t = await turn(serverJs, label, url, postmaster, round);
      turns.push(t);
      console.log(
        `${label.padEnd(6)}${f(t.claimsPerSecond)}   ${f(t.perTransaction, 2)} ${f(t.select1)}  ${f(100 * t.claimsOfSelect1, 1)}%  ${f(t.serverUs)} ${f(t.postgresUs)} ${f(t.loadUs)}   ${f(t.wakeP50, 2)}  ${f(t.wakeP99, 2)}`,
      );
      await admin.query(`DROP DATABASE ${db}`);
    }
  }
} finally {
  await admin.end().catch(() => undefined);
  await cluster.stop();
}
