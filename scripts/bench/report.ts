/** The results of one bench run, judged against the budgets of DESIGN.md §8, as markdown. */
import { type ArchiveResult, archiveRows } from './archive.js';
import type { PostgresResults } from './postgres.js';
import { postgresReportRows } from './postgres-report.js';
import type { BatchCreate } from './board.js';
import type { CallTimes } from './cli.js';
import type { PlannedQuery } from './query-plans.js';
import { fullTableScans, sorts } from './query-plans.js';
import { fmt, type LatencySummary } from './stats.js';
import type { CeilingResult } from './storage-ceiling.js';
import type { SlowReadersResult, StreamsResult } from './hostile-load.js';

export const BUDGETS = {
  pickupPerSecond: 3000,
  pickupP99Ms: 25,
  budgetBoard: 30_000,
  sizeRatio: 0.8,
  batchCreatePerSecond: 20_000,
  cliRatio: 1.6,
  pickupOutputBytes: 350,
  rssBytes: 150 * 1024 * 1024,
  streams100Ratio: 0.8,
  streams300Ratio: 0.6,
  slowReadersRssBytes: 200 * 1024 * 1024,
  slowReadersP99Ms: 50,
} as const;

export interface BenchResults {
  machine: {
    cpus: number;
    cpu: string;
    node: string;
    platform: string;
    date: string;
    durationSeconds: number;
    load: [number, number];
  };
  agents: number;
  pickups: { size: number; summary: LatencySummary }[];
  httpCeiling: LatencySummary;
  storage: { board: number; perCommit: CeilingResult; grouped: CeilingResult; group: number };
  batchCreate: BatchCreate;
  cli: CallTimes;
  output: { label: string; bytes: number | null; note?: string }[];
  reads: { label: string; median: number }[];
  memory: { tasks: number; afterSeed: { rss: number; peak: number }; afterPickups: { rss: number; peak: number } };
  plans: PlannedQuery[];
  streams: StreamsResult[];
  postgres?: PostgresResults | null | undefined;
  slowReaders: SlowReadersResult;
  /** Export and import of the largest board (absent in results written before it was measured). */
  archive?: ArchiveResult;
}

const verdict = (ok: boolean) => (ok ? 'met' : '**missed**');

export function pickupAt(r: BenchResults, size: number): LatencySummary | undefined {
  return r.pickups.find((p) => p.size === size)?.summary;
}

export function sizeRatio(r: BenchResults): number {
  const sizes = r.pickups.map((p) => p.size).sort((a, b) => a - b);
  const small = pickupAt(r, sizes[0] ?? 0);
  const large = pickupAt(r, sizes[sizes.length - 1] ?? 0);
  return small && large ? large.perSecond / small.perSecond : NaN;
}

export function renderReport(r: BenchResults): string {
  const rows: string[][] = [];
  const budget = pickupAt(r, BUDGETS.budgetBoard);
  const sizes = r.pickups.map((p) => p.size).sort((a, b) => a - b);
  for (const { size, summary: s } of r.pickups) {
    const judged = size === BUDGETS.budgetBoard;
    rows.push([
      `Pickup over HTTP, ${fmt.int(size)} open tasks, ${r.agents} agents`,
      `${fmt.int(s.perSecond)}/s · p50 ${fmt.ms(s.p50)} · p95 ${fmt.ms(s.p95)} · p99 ${fmt.ms(s.p99)}`,
      judged ? `≥ ${fmt.int(BUDGETS.pickupPerSecond)}/s, p99 ≤ ${BUDGETS.pickupP99Ms} ms` : '',
      judged ? verdict(s.perSecond >= BUDGETS.pickupPerSecond && s.p99 <= BUDGETS.pickupP99Ms) : '',
    ]);
  }
  const ratio = sizeRatio(r);
  rows.push([
    `Pickup throughput ${fmt.int(sizes[sizes.length - 1] ?? 0)} / ${fmt.int(sizes[0] ?? 0)}`,
    fmt.ratio(ratio),
    `≥ ${BUDGETS.sizeRatio}`,
    verdict(ratio >= BUDGETS.sizeRatio),
  ]);
  const c = r.httpCeiling;
  rows.push([
    `HTTP ceiling: bare Hono route, ${r.agents} agents`,
    `${fmt.int(c.perSecond)}/s · p50 ${fmt.ms(c.p50)} · p99 ${fmt.ms(c.p99)}`,
    'baseline',
    budget ? `pickup at ${fmt.int(BUDGETS.budgetBoard)} = ${fmt.pct(budget.perSecond / c.perSecond)} of it` : '',
  ]);
  const st = r.storage;
  rows.push([
    `Storage ceiling: bare better-sqlite3 pickup, one commit each (${fmt.int(st.board)} tasks)`,
    `${fmt.int(st.perCommit.perSecond)}/s (${fmt.int(st.perCommit.commitsPerSecond)} fsync'd commits/s)`,
    'baseline',
    budget
      ? `pickup at ${fmt.int(BUDGETS.budgetBoard)} = ${fmt.pct(budget.perSecond / st.perCommit.perSecond)} of it`
      : '',
  ]);
  rows.push([
    `Storage ceiling: same, ${st.group} pickups per commit (savepoint each)`,
    `${fmt.int(st.grouped.perSecond)}/s (${fmt.int(st.grouped.commitsPerSecond)} commits/s)`,
    'baseline',
    budget
      ? `pickup at ${fmt.int(BUDGETS.budgetBoard)} = ${fmt.pct(budget.perSecond / st.grouped.perSecond)} of it`
      : '',
  ]);
  const b = r.batchCreate;
  rows.push([
    `Batch create, ${fmt.int(b.tasks)} tasks in requests of 1,000`,
    `${fmt.int(b.perSecond)} tasks/s · request p50 ${fmt.ms(b.batch.p50)} · p99 ${fmt.ms(b.batch.p99)}`,
    `≥ ${fmt.int(BUDGETS.batchCreatePerSecond)}/s`,
    verdict(b.perSecond >= BUDGETS.batchCreatePerSecond),
  ]);
  rows.push([
    '`node -e 0`',
    `${fmt.ms(r.cli.nodeBaseline)} (median of ${r.cli.commands[0]?.runs ?? 0})`,
    'baseline',
    '',
  ]);
  for (const cmd of r.cli.commands) {
    rows.push([
      `\`${cmd.label}\` wall time`,
      `${fmt.ms(cmd.median)} = ${fmt.ratio(cmd.ratio)} × node -e 0`,
      `≤ ${BUDGETS.cliRatio} ×`,
      verdict(cmd.ratio <= BUDGETS.cliRatio),
    ]);
  }
  for (const o of r.output) {
    const judged = o.label === 'cpk task pickup';
    rows.push([
      `\`${o.label}\` output`,
      o.bytes === null
        ? `n/a${o.note ? ` (${o.note})` : ''}`
        : `${fmt.int(o.bytes)} bytes${o.note ? ` (${o.note})` : ''}`,
      judged ? `≤ ${BUDGETS.pickupOutputBytes} bytes` : '',
      judged ? verdict(o.bytes !== null && o.bytes <= BUDGETS.pickupOutputBytes) : '',
    ]);
  }
  for (const read of r.reads) rows.push([read.label, `${fmt.ms(read.median)} median`, '', '']);
  const m = r.memory;
  rows.push([
    `Server RSS after loading ${fmt.int(m.tasks)} tasks and the pickups`,
    `${fmt.mib(m.afterPickups.rss)} (after loading: ${fmt.mib(m.afterSeed.rss)}; peak ${fmt.mib(m.afterPickups.peak)})`,
    `≤ ${fmt.mib(BUDGETS.rssBytes)}`,
    verdict(m.afterPickups.rss <= BUDGETS.rssBytes),
  ]);

  rows.push(...hostileRows(r));
  rows.push(...archiveRows(r.archive));
  rows.push(...postgresReportRows(r.postgres));

  const table = [
    '| Measure | Result | Budget | Verdict |',
    '|---|---|---|---|',
    ...rows.map((cells) => `| ${cells.join(' | ')} |`),
  ].join('\n');

  const plans = r.plans
    .map((p) => {
      const scans = fullTableScans(p.plan);
      const sorted = sorts(p.plan);
      const note = scans.length > 0 ? ' — FULL SCAN' : sorted.length > 0 ? ' — sorts its matches' : '';
      return `${p.name}${note}\n  ${p.sql}\n${p.plan.map((l) => `    ${l}`).join('\n')}`;
    })
    .join('\n');

  const mc = r.machine;
  return [
    `Run ${mc.date} on ${mc.cpus} × ${mc.cpu}, Node ${mc.node}, ${mc.platform}; the whole run took ${Math.round(mc.durationSeconds)} s; ` +
      `1-minute load average ${mc.load[0].toFixed(1)} at the start, ${mc.load[1].toFixed(1)} at the end. ` +
      `Database connections as the server uses them: ${st.perCommit.pragmas} (synchronous 1 = NORMAL: COMMIT does not wait for the disk; the WAL is fdatasync'd after it, off the event loop in the server, before any write is acknowledged).`,
    '',
    table,
    '',
    `Query plans (EXPLAIN QUERY PLAN on the ${fmt.int(sizes[sizes.length - 1] ?? 0)}-task board):`,
    '',
    '```',
    plans,
    '```',
  ].join('\n');
}

/** Open event streams and readers that never read, against the same agents' pickups. */
function hostileRows(r: BenchResults): string[][] {
  const rows: string[][] = [];
  const none = r.streams.find((s) => s.streams === 0)?.summary;
  for (const { streams, summary: s, serverCpuMicros } of r.streams) {
    const budget = streams === 100 ? BUDGETS.streams100Ratio : streams === 300 ? BUDGETS.streams300Ratio : undefined;
    const ratio = none ? s.perSecond / none.perSecond : NaN;
    rows.push([
      `Pickup with ${fmt.int(streams)} open event streams, ${r.agents} agents`,
      `${fmt.int(s.perSecond)}/s · p99 ${fmt.ms(s.p99)} · server CPU ${fmt.int(serverCpuMicros)} µs/pickup${streams > 0 ? ` · rate = ${fmt.ratio(ratio)} × none` : ''}`,
      budget === undefined ? 'baseline' : `≥ ${budget} × none`,
      budget === undefined ? '' : verdict(ratio >= budget),
    ]);
  }
  const sr = r.slowReaders;
  rows.push([
    `Pickup beside ${sr.clients} clients each pipelining ${sr.pipelined} reads of 1,000 tasks, never reading`,
    `p99 ${fmt.ms(sr.pickup.p99)} · ${fmt.int(sr.pickup.perSecond)}/s · server RSS at most ${fmt.mib(sr.rssMax)}`,
    `p99 ≤ ${BUDGETS.slowReadersP99Ms} ms, RSS ≤ ${fmt.mib(BUDGETS.slowReadersRssBytes)}`,
    verdict(sr.pickup.p99 <= BUDGETS.slowReadersP99Ms && sr.rssMax <= BUDGETS.slowReadersRssBytes),
  ]);
  return rows;
}
