/** The PostgreSQL rows of the bench report, judged against issue budgets, as markdown table rows. */
import type { PostgresResults } from './postgres.js';
import { CEILING_CLAIMS_PER_TRANSACTION, CEILING_CLIENTS, CEILING_SECONDS } from './postgres-ceiling.js';
import { fmt } from './stats.js';

export const PG_BUDGETS = {
  claimsPerSecond: 1500,
  claimsOfSelect1: 0.1,
  batchCreatePerSecond: 10_000,
  hopP50Ms: 5,
  hopP99Ms: 25,
  largeRatio: 0.8,
} as const;

const verdict = (ok: boolean) => (ok ? 'met' : '**missed**');

export function postgresReportRows(r: PostgresResults | null | undefined): string[][] {
  if (!r) return [['PostgreSQL rows', 'not run: PostgreSQL is not installed', '', '']];
  const b = PG_BUDGETS;
  const claimShare = r.claimsOfSelect1;
  const hop = (label: string, h: PostgresResults['crossReplicaSse']): string[] => [
    `PostgreSQL: commit on replica A → ${label} on replica B (${h.samples} creates)`,
    `p50 ${fmt.ms(h.p50)} · p99 ${fmt.ms(h.p99)}`,
    `p50 ≤ ${b.hopP50Ms} ms, p99 ≤ ${b.hopP99Ms} ms`,
    verdict(h.p50 <= b.hopP50Ms && h.p99 <= b.hopP99Ms),
  ];
  const ratio = r.pickupLarge.perSecond / r.pickupSmall.perSecond;
  return [
    [
      'PostgreSQL baseline: Node `pg`, 16 concurrent `SELECT 1` (the median of 3 runs)',
      `${fmt.int(r.select1PerSecond)}/s`,
      '(baseline)',
      '',
    ],
    [
      `PostgreSQL: claims, 16 agents over 2 replicas (${fmt.int(r.claimBoard)} open tasks; the median of 3 runs, each after a \`SELECT 1\` run)`,
      `${fmt.int(r.claims.perSecond)}/s · p50 ${fmt.ms(r.claims.p50)} · p99 ${fmt.ms(r.claims.p99)} · ${fmt.pct(claimShare, 1)} of \`SELECT 1\` · ${r.claimsPerTransaction.toFixed(1)} claims per transaction`,
      `≥ ${fmt.int(b.claimsPerSecond)}/s and ≥ ${fmt.pct(b.claimsOfSelect1)} of \`SELECT 1\``,
      verdict(r.claims.perSecond >= b.claimsPerSecond && claimShare >= b.claimsOfSelect1),
    ],
    [
      `PostgreSQL baseline: the claim row's transaction (${CEILING_CLAIMS_PER_TRANSACTION} claims, their events, the counters) written in SQL, from \`pgbench\` on ${CEILING_CLIENTS} connections for ${CEILING_SECONDS} s, right after the claims`,
      r.claimCeiling === null
        ? 'not run: pgbench is not installed'
        : `${fmt.int(r.claimCeiling)} claims/s · ${fmt.pct(r.claimCeiling / r.select1PerSecond, 1)} of \`SELECT 1\` · the replicas' claims are ${fmt.pct(r.claims.perSecond / r.claimCeiling)} of it`,
      '(baseline)',
      '',
    ],
    [
      `PostgreSQL: batch create, ${fmt.int(r.batchCreate.tasks)} tasks in batches of 1,000`,
      `${fmt.int(r.batchCreate.tasksPerSecond)} tasks/s`,
      `≥ ${fmt.int(b.batchCreatePerSecond)}/s`,
      verdict(r.batchCreate.tasksPerSecond >= b.batchCreatePerSecond),
    ],
    hop('event on a stream', r.crossReplicaSse),
    hop('a waiting pickup answered', r.crossReplicaPickup),
    [
      `PostgreSQL: pickup, ${fmt.int(r.sizes.large)} vs ${fmt.int(r.sizes.small)} open tasks, one replica`,
      `${fmt.int(r.pickupLarge.perSecond)}/s vs ${fmt.int(r.pickupSmall.perSecond)}/s: ${fmt.ratio(ratio)}`,
      `≥ ${b.largeRatio}`,
      verdict(ratio >= b.largeRatio),
    ],
  ];
}

export function renderPostgres(r: PostgresResults): string {
  const lines = ['| Row | Measured | Budget | |', '|---|---|---|---|'];
  for (const row of postgresReportRows(r)) lines.push(`| ${row.join(' | ')} |`);
  return `${lines.join('\n')}\n`;
}
