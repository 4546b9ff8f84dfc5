/**
 * What PostgreSQL alone makes of the claim row's transactions: the same writes (the project's counter
 * row locked first, 8 open tasks claimed with `SKIP LOCKED`, an event per claim carrying the task, the
 * counter, the agent, the notification), written as SQL and sent by `pgbench` from 2 connections, as the
 * 2 replicas send them. A baseline of the claim row's own shape, beside the generic `SELECT 1`: how much
 * of the database's rate for this transaction the replicas reach, with their HTTP, decisions and
 * round trips.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { withPgClient } from '../../test/helpers/postgres-cluster.js';

export const CEILING_CLIENTS = 2;
export const CEILING_CLAIMS_PER_TRANSACTION = 8;
export const CEILING_SECONDS = 3;
/** Open tasks the ceiling's project needs: more than pgbench claims in CEILING_SECONDS on a fast machine. */
export const CEILING_BOARD = 80_000;

function script(projectId: string): string {
  const p = `'${projectId.replace(/'/g, "''")}'`;
  const agent = `'ceiling-' || :client_id`;
  return `BEGIN;
SELECT last_event_seq FROM project_counters WHERE project_id = ${p} FOR NO KEY UPDATE;
WITH c AS (
  SELECT number FROM tasks WHERE project_id = ${p} AND status = 'open' AND deps_pending = 0
  ORDER BY priority, number LIMIT ${CEILING_CLAIMS_PER_TRANSACTION} FOR NO KEY UPDATE SKIP LOCKED
), u AS (
  UPDATE tasks t SET status = 'in-progress', assignee = ${agent}, started_at = now(), attempts = t.attempts + 1,
    lease_expires_at = now() + interval '1 hour', lease_seconds = NULL, completed_at = NULL, updated_at = now()
  FROM c WHERE t.project_id = ${p} AND t.number = c.number RETURNING t.*
), e AS (
  INSERT INTO events (project_id, seq, type, entity_id, actor, payload, created_at)
  SELECT u.project_id, (SELECT last_event_seq FROM project_counters WHERE project_id = ${p}) + row_number() OVER (ORDER BY u.number),
    'task.pickup', u.id, u.assignee, row_to_json(u)::json, now() FROM u
), a AS (
  INSERT INTO agents (project_id, name, created_at, last_seen) VALUES (${p}, ${agent}, now(), now())
  ON CONFLICT (project_id, name) DO UPDATE SET last_seen = excluded.last_seen
)
UPDATE project_counters SET last_event_seq = last_event_seq + (SELECT count(*) FROM u) WHERE project_id = ${p}
  RETURNING pg_notify('codepakt_ceiling', project_id);
COMMIT;
`;
}

/** pgbench beside `initdb` in `bin` (Debian's postgresql package has both), or null. */
export function findPgbench(bin: string): string | null {
  const pgbench = join(bin, 'pgbench');
  return existsSync(pgbench) ? pgbench : null;
}

/** Claims per second of `pgbench` sending the claim transaction on a board of CEILING_BOARD open tasks. */
export async function claimCeiling(pgbench: string, url: string, projectId: string): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'cpk-bench-ceiling-'));
  try {
    const file = join(dir, 'claim.sql');
    writeFileSync(file, script(projectId));
    const { stdout } = await promisify(execFile)(
      pgbench,
      [
        '-n',
        '-M',
        'prepared',
        '-c',
        `${CEILING_CLIENTS}`,
        '-j',
        `${CEILING_CLIENTS}`,
        '-T',
        `${CEILING_SECONDS}`,
        '-f',
        file,
        url,
      ],
      { env: { ...process.env, PGOPTIONS: '-c search_path=codepakt' } },
    );
    const tps = /tps = ([\d.]+)/.exec(stdout)?.[1];
    if (!tps) throw new Error(`pgbench printed no rate: ${stdout.slice(0, 300)}`);
    // Transactions that found no open task would count as claims.
    if ((await openTasks(url, projectId)) < CEILING_CLAIMS_PER_TRANSACTION * CEILING_CLIENTS)
      throw new Error('the ceiling board ran out of open tasks: make CEILING_BOARD larger');
    return Number(tps) * CEILING_CLAIMS_PER_TRANSACTION;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function openTasks(url: string, projectId: string): Promise<number> {
  return withPgClient(url, async (db) => {
    const { rows } = await db.query<{ n: string }>(
      "SELECT count(*) AS n FROM codepakt.tasks WHERE project_id = $1 AND status = 'open'",
      [projectId],
    );
    return Number(rows[0]?.n ?? 0);
  });
}
