/**
 * The PostgreSQL rows: a durable cluster of our own (fsync on), two server replicas over one database,
 * and the baselines they are held against, measured in the same run: Node's `SELECT 1` rate at the
 * same concurrency, and pickups on a small board.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { findPostgresBin, startCluster, withPgClient } from '../../test/helpers/postgres-cluster.js';
import { openSse } from '../../test/helpers/sse.js';
import { BATCH, batchCreateRate, pickupLoad, seedBoard } from './board.js';
import { CEILING_BOARD, claimCeiling as pgbenchCeiling, findPgbench } from './postgres-ceiling.js';
import { LoadClient, type LoadResult, runAgents } from './http.js';
import { startBuiltServer } from './processes.js';
import { SERVER_NODE_ARGS } from '../../src/shared/defaults.js';
import { median, percentile, type LatencySummary } from './stats.js';

export interface PostgresResults {
  /** Node `pg` pool, 16 concurrent `SELECT 1`, per second: the median of the segments beside the claims'. */
  select1PerSecond: number;
  /** 16 agents over 2 replicas, on a board of `claimBoard` open tasks: the median segment. */
  claims: LatencySummary;
  /** Claims per `SELECT 1` of the segment just before, the median of the segments. */
  claimsOfSelect1: number;
  claimBoard: number;
  /** Claims per transaction that carried any (each claim's event row keeps its transaction's id). */
  claimsPerTransaction: number;
  /** The claim transaction in SQL from pgbench, claims per second, right after the claims (null without pgbench). */
  claimCeiling: number | null;
  batchCreate: { tasksPerSecond: number; tasks: number };
  /** Commit on replica A (its answer) → the event on a stream of replica B, and a waiting pickup on B. */
  crossReplicaSse: { p50: number; p99: number; samples: number };
  crossReplicaPickup: { p50: number; p99: number; samples: number };
  /** Pickups (one replica, 16 agents) on a small board and on a large one. */
  pickupSmall: LatencySummary;
  pickupLarge: LatencySummary;
  sizes: { small: number; large: number };
}

const AGENTS = 16;
/**
 * Before anything is measured, both replicas serve this many creates (in batches of 1,000) and claims
 * on a board of their own, as the SQLite rows warm the server up before their pickups: V8 is still
 * compiling the hot paths over the first few thousand requests (a cold replica's claims cost about
 * twice the CPU of a warm one's), and a long-running server is what the rows are about.
 */
const JIT_WARMUP_TASKS = 10_000;
const JIT_WARMUP_CLAIMS = 8_000;
const CLAIM_SEGMENTS = 3;
/** `SELECT 1` queries before each claims segment: about a second, the claims segment's length. */
const SELECT1_PER_SEGMENT = 20_000;

/** `SELECT 1` per second from 16 concurrent pooled queries: the baseline the claims rows compare with. */
export async function select1Rate(url: string, total: number): Promise<number> {
  const pool = new pg.Pool({ connectionString: url, max: AGENTS });
  try {
    await Promise.all(Array.from({ length: AGENTS }, () => pool.query('SELECT 1')));
    let issued = 0;
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: AGENTS }, async () => {
        while (issued++ < total) await pool.query('SELECT 1');
      }),
    );
    return total / ((performance.now() - t0) / 1000);
  } finally {
    await pool.end();
  }
}

/**
 * `total` claims in segments, each right after a `SELECT 1` segment: this machine's speed moves by up to
 * 2× within minutes, so each claims rate is held against the baseline measured seconds before it, not
 * minutes. The claims rate, the baseline and the ratio reported are each the median of the segments
 * (one stall of the machine moves one segment); `measured` is how many claims the segments made.
 */
export async function claimSegments(
  url: string,
  total: number,
  segment: (claims: number) => Promise<LoadResult>,
): Promise<{ claims: LoadResult; select1PerSecond: number; claimsOfSelect1: number; measured: number }> {
  const each = Math.ceil(total / CLAIM_SEGMENTS);
  const runs: { claims: LoadResult; select1: number }[] = [];
  for (let i = 0; i < CLAIM_SEGMENTS; i++) {
    const select1 = await select1Rate(url, SELECT1_PER_SEGMENT);
    runs.push({ select1, claims: await segment(each) });
  }
  const rate = median(runs.map((r) => r.claims.perSecond));
  return {
    claims: (runs.find((r) => r.claims.perSecond === rate) ?? runs[0])!.claims,
    select1PerSecond: median(runs.map((r) => r.select1)),
    claimsOfSelect1: median(runs.map((r) => r.claims.perSecond / r.select1)),
    measured: each * CLAIM_SEGMENTS,
  };
}

async function hostedProject(client: LoadClient, name: string): Promise<string> {
  return (await client.json<{ data: { id: string } }>('POST', '/api/projects', { name }, 201)).data.id;
}

/** Commit on `a`, heard on `b`: by a stream, and by a pickup waiting on `b`. */
async function crossReplica(
  a: LoadClient,
  bUrl: string,
  b: LoadClient,
  projectId: string,
  rounds: number,
): Promise<{ sse: number[]; pickup: number[] }> {
  const stream = openSse(bUrl, projectId);
  await stream.connected;
  const sse: number[] = [];
  const pickup: number[] = [];
  try {
    for (let i = 0; i < rounds; i++) {
      const seen = stream.events.length;
      let pickedAt = 0;
      const waiting = b
        .send('POST', `/api/tasks/pickup?project_id=${projectId}&wait=10`, { agent: `waiter-${i % 4}` })
        .then((r) => {
          pickedAt = performance.now();
          if (r.status !== 200) throw new Error(`waiting pickup answered ${r.status}: ${r.body.slice(0, 200)}`);
        });
      // The waiter is parked on the server before the create (a pickup of an empty board would not wait).
      await new Promise((r) => setTimeout(r, 15));
      const res = await a.send('POST', `/api/tasks?project_id=${projectId}`, { title: `hop ${i}` });
      const committed = performance.now();
      if (res.status !== 201) throw new Error(`create answered ${res.status}`);
      await stream.waitFor(seen + 1, 10_000);
      const heard = performance.now();
      await waiting;
      // An event heard before the answer reached the client counts as no delay, not a negative one.
      sse.push(Math.max(0, heard - committed));
      pickup.push(Math.max(0, pickedAt - committed));
      await stream.waitFor(seen + 2, 10_000); // the claim's own event
    }
  } finally {
    stream.close();
  }
  return { sse, pickup };
}

/** How many claims each transaction carried on average: a property of group commit, not of this machine's speed. */
export async function claimsPerCommit(url: string, projectId: string): Promise<number> {
  const { rows } = await withPgClient(url, (db) =>
    db.query<{ claims: string; transactions: string }>(
      `SELECT count(*) AS claims, count(DISTINCT xmin::text) AS transactions
       FROM codepakt.events WHERE project_id = $1 AND type = 'task.pickup'`,
      [projectId],
    ),
  );
  const row = rows[0];
  return row ? Number(row.claims) / Math.max(1, Number(row.transactions)) : 0;
}

function spread(samples: number[]): { p50: number; p99: number; samples: number } {
  const sorted = [...samples].sort((x, y) => x - y);
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99), samples: sorted.length };
}

/** Creates and claims through every replica on a board of their own (see JIT_WARMUP_TASKS). */
export async function warmUp(clients: LoadClient[]): Promise<void> {
  const first = clients[0];
  if (!first) return;
  const project = await hostedProject(first, 'warm-up');
  const share = Math.ceil(JIT_WARMUP_TASKS / clients.length / BATCH) * BATCH;
  for (const [i, client] of clients.entries()) await seedBoard(client, project, share, 1 + i * share);
  const path = `/api/tasks/pickup?project_id=${project}`;
  await runAgents(AGENTS, Math.min(JIT_WARMUP_CLAIMS, share * clients.length), (agent) =>
    clients[agent % clients.length]!.send('POST', path, { agent: `warm-up-${agent}` }).then((r) => {
      if (r.status !== 200) throw new Error(`warm-up claim answered ${r.status}: ${r.body.slice(0, 200)}`);
      return r.status;
    }),
  );
}

export async function postgresRows(
  serverJs: string,
  options: { small: number; large: number; claims: number },
): Promise<PostgresResults | null> {
  const bin = findPostgresBin();
  if (!bin) return null;
  const cluster = await startCluster(bin, { durable: true });
  const work = mkdtempSync(join(tmpdir(), 'cpk-bench-pg-'));
  const admin = new pg.Client({ connectionString: cluster.url });
  const servers: { stop(): Promise<void> }[] = [];
  try {
    await admin.connect();
    await admin.query('CREATE DATABASE bench');
    const url = cluster.url.replace(/\/postgres$/, '/bench');

    const [ra, rb] = await Promise.all(
      // With the Node options `cpk server start` gives the server, as every other row.
      ['a', 'b'].map((n) => startBuiltServer(serverJs, join(work, n), SERVER_NODE_ARGS, ['--database', url])),
    );
    servers.push(ra!, rb!);
    const a = new LoadClient(ra!.url, AGENTS);
    const b = new LoadClient(rb!.url, AGENTS);

    await warmUp([a, b]);

    // Batch create, and the claim board: open tasks enough for every claim.
    const claimProject = await hostedProject(a, 'claims');
    const claimBoard = Math.ceil((options.claims + 400) / BATCH) * BATCH;
    const createLatencies = await seedBoard(a, claimProject, claimBoard);
    const batchCreate = batchCreateRate(claimBoard, createLatencies);
    const clients = [a, b];
    const path = `/api/tasks/pickup?project_id=${claimProject}`;
    const bodies = Array.from({ length: AGENTS }, (_, i) => JSON.stringify({ agent: `agent-${i + 1}` }));
    const claim = (agent: number) =>
      clients[agent % 2]!.sendRaw('POST', path, bodies[agent]).then((r) => {
        if (r.status !== 200) throw new Error(`claim answered ${r.status}: ${r.body.slice(0, 200)}`);
        return r.status;
      });
    // The same-shape baseline's board, filled before the claims so that it does not fill between them and it.
    const pgbench = findPgbench(bin);
    const ceilingProject = pgbench ? await hostedProject(a, 'ceiling') : null;
    if (ceilingProject) await seedBoard(a, ceilingProject, CEILING_BOARD);
    await runAgents(AGENTS, 400, claim);
    const { claims, select1PerSecond, claimsOfSelect1 } = await claimSegments(url, options.claims, (n) =>
      runAgents(AGENTS, n, claim),
    );
    const claimCeiling = pgbench && ceilingProject ? await pgbenchCeiling(pgbench, url, ceilingProject) : null;
    const claimsPerTransaction = await claimsPerCommit(url, claimProject);

    const hop = await hostedProject(a, 'hops');
    const hops = await crossReplica(a, rb!.url, b, hop, 200);

    const small = await hostedProject(a, 'small');
    await seedBoard(a, small, options.small);
    const large = await hostedProject(a, 'large');
    await seedBoard(a, large, options.large);
    const measured = Math.min(2400, options.small - 400);
    await pickupLoad(a, small, AGENTS, 200);
    const pickupSmall = await pickupLoad(a, small, AGENTS, measured);
    await pickupLoad(a, large, AGENTS, 200);
    const pickupLarge = await pickupLoad(a, large, AGENTS, measured);
    a.close();
    b.close();
    return {
      select1PerSecond,
      claims,
      claimsOfSelect1,
      claimBoard,
      claimsPerTransaction,
      claimCeiling,
      batchCreate: { tasksPerSecond: batchCreate.perSecond, tasks: claimBoard },
      crossReplicaSse: spread(hops.sse),
      crossReplicaPickup: spread(hops.pickup),
      pickupSmall,
      pickupLarge,
      sizes: { small: options.small, large: options.large },
    };
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
    await admin.end().catch(() => undefined);
    await cluster.stop();
    rmSync(work, { recursive: true, force: true });
  }
}
