/**
 * Where a claims run spent PostgreSQL's time, statement by statement (pg_stat_statements, nested
 * statements such as triggers' counted apart): each statement's mean time per call, measured inside
 * the database, so a claim transaction's time under the project's lock can be taken apart.
 */
import { withPgClient as withClient } from '../../test/helpers/postgres-cluster.js';

/** Cluster settings that load pg_stat_statements; the extension is then created in each database. */
export const STATEMENT_SETTINGS = ['shared_preload_libraries=pg_stat_statements', 'pg_stat_statements.track=all'];

export async function trackStatements(url: string): Promise<void> {
  await withClient(url, (db) => db.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements'));
}

/** Forget what was counted so far (the board's seeding and the warm-up). */
export async function resetStatements(url: string): Promise<void> {
  await withClient(url, (db) => db.query('SELECT pg_stat_statements_reset()'));
}

/** The statements that took the most time in total, with their calls per claim transaction. */
export async function printStatements(url: string, transactions: number, top = 10): Promise<void> {
  const { rows } = await withClient(url, (db) =>
    db.query<{ calls: string; total_ms: number; mean_us: number; query: string }>(
      `SELECT calls, total_exec_time AS total_ms, 1000 * total_exec_time / calls AS mean_us,
              regexp_replace(query, '\\s+', ' ', 'g') AS query
       FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
       ORDER BY total_exec_time DESC LIMIT $1`,
      [top],
    ),
  );
  console.log('  calls/tx   mean µs   total ms  statement');
  for (const r of rows) {
    const perTx = Number(r.calls) / Math.max(1, transactions);
    console.log(
      `  ${perTx.toFixed(2).padStart(8)} ${r.mean_us.toFixed(1).padStart(9)} ${r.total_ms.toFixed(0).padStart(10)}  ${r.query.slice(0, 100)}`,
    );
  }
}
