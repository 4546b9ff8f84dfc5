import type { Reservation } from '../../core/file-store.js';
import { globLead } from '../../core/rules/globs.js';
import { leadAncestors } from '../../core/rules/globs-overlap.js';
import { formatTaskNumber } from '../../core/rules/numbering.js';
import type { Hold } from '../../core/rules/reservations.js';
import type { Query } from './task-sql.js';

/**
 * The SQL of file holds over PostgreSQL, as on SQLite (src/db/sqlite/file-holds.ts): the globs of live
 * claims (task_file_holds) and of ad-hoc reservations (reservation_globs), looked up by lead (see
 * migration 0002). Every statement is scoped to one project ($1).
 */

interface HoldRow {
  kind: 'task' | 'reservation';
  ref: string;
  agent: string;
  files: string[];
  shared: boolean;
  until: Date | null;
}

const CLAIMS = `SELECT 'task' AS kind, t.number::text AS ref, t.assignee AS agent, t.files, false AS shared,
  t.lease_expires_at AS until FROM tasks t`;
const LIVE_CLAIM = `t.project_id = $1 AND t.status = 'in-progress' AND t.assignee IS NOT NULL AND t.assignee <> $2
  AND (t.lease_expires_at IS NULL OR t.lease_expires_at > $3::timestamptz)`;
const RESERVATIONS = `SELECT 'reservation' AS kind, r.id::text AS ref, r.agent, r.files, r.shared,
  r.expires_at AS until FROM file_reservations r`;
const LIVE_RESERVATION = 'r.project_id = $1 AND NOT r.ended AND r.agent <> $2 AND r.expires_at > $3::timestamptz';

function toHold(row: HoldRow): Hold {
  return {
    kind: row.kind,
    ref: row.kind === 'task' ? formatTaskNumber(Number(row.ref)) : `R-${row.ref}`,
    agent: row.agent,
    files: row.files,
    shared: row.shared,
    until: row.until ? row.until.toISOString() : null,
  };
}

/**
 * Where a glob's holds may be, as a condition on `lead` over parameters appended to `params`: its lead
 * and the lead's parent folders exactly, or any lead below it (between `lead/` and `lead0`: '0'
 * follows '/'). Spelled out range by range so that the lead index serves each.
 */
function nearClause(globs: readonly string[], params: unknown[], alias: string): string {
  const leads = globs.map(globLead);
  if (leads.includes('')) return 'true';
  const exact = new Set<string>();
  const ranges: string[] = [];
  for (const lead of leads) {
    for (const a of leadAncestors(lead)) exact.add(a);
    params.push(`${lead}/`, `${lead}0`);
    ranges.push(`(${alias}.lead >= $${params.length - 1} AND ${alias}.lead < $${params.length})`);
  }
  params.push([...exact]);
  return `(${alias}.lead = ANY($${params.length}::text[]) OR ${ranges.join(' OR ')})`;
}

/** Live holds of agents other than `agent` whose globs may overlap `globs` (the caller decides exactly). */
export async function holdsNear(
  q: Query,
  projectId: string,
  globs: readonly string[],
  agent: string,
  now: string,
): Promise<Hold[]> {
  if (globs.length === 0) return [];
  const params: unknown[] = [projectId, agent, now];
  const claims = nearClause(globs, params, 'h');
  const reserved = nearClause(globs, params, 'g');
  const rows = await q<HoldRow>(
    `${CLAIMS} WHERE ${LIVE_CLAIM} AND t.number IN (SELECT h.task_number FROM task_file_holds h WHERE h.project_id = $1 AND ${claims})
     UNION ALL
     ${RESERVATIONS} WHERE ${LIVE_RESERVATION} AND r.id IN (SELECT g.reservation_id FROM reservation_globs g WHERE g.project_id = $1 AND ${reserved})`,
    params,
  );
  return rows.map(toHold);
}

/** Live holds (up to `limit` of each kind): claims by task number, then reservations by id. */
export async function allHolds(q: Query, projectId: string, now: string, limit = 10_000): Promise<Hold[]> {
  const rows = await q<HoldRow>(
    `(${CLAIMS} WHERE ${LIVE_CLAIM} AND t.number IN (SELECT task_number FROM task_file_holds WHERE project_id = $1)
       ORDER BY t.number LIMIT $4)
     UNION ALL
     (${RESERVATIONS} WHERE ${LIVE_RESERVATION} ORDER BY r.id LIMIT $4)`,
    [projectId, '', now, limit],
  );
  return rows.map(toHold);
}

/**
 * Hold the files of task `number` (replacing what it held), in one round trip: the globs it no longer
 * names are deleted and the new ones inserted (those it already held stay, their lead the same).
 */
export async function setClaimFiles(q: Query, projectId: string, number: number, files: readonly string[]) {
  await q(
    `WITH gone AS (DELETE FROM task_file_holds WHERE project_id = $1 AND task_number = $2 AND glob <> ALL($3::text[]))
     INSERT INTO task_file_holds (project_id, task_number, glob, lead)
     SELECT $1, $2, g, l FROM unnest($3::text[], $4::text[]) AS x(g, l) ON CONFLICT DO NOTHING`,
    [projectId, number, files, files.map(globLead)],
  );
}

export async function clearClaimFiles(q: Query, projectId: string, number: number): Promise<void> {
  await q('DELETE FROM task_file_holds WHERE project_id = $1 AND task_number = $2', [projectId, number]);
}

interface ReservationRow {
  id: string;
  agent: string;
  files: string[];
  shared: boolean;
  created_at: Date;
  expires_at: Date;
}

function toReservation(row: ReservationRow): Reservation {
  return {
    id: `R-${row.id}`,
    agent: row.agent,
    files: row.files,
    shared: row.shared,
    created_at: row.created_at.toISOString(),
    expires_at: row.expires_at.toISOString(),
  };
}

/** The id the next reservation gets (the write holds the project's counter row, so none races it). */
export async function nextReservationId(q: Query, projectId: string): Promise<string> {
  const rows = await q<{ n: string }>(
    'SELECT (coalesce(max(id), 0) + 1)::text AS n FROM file_reservations WHERE project_id = $1',
    [projectId],
  );
  return `R-${rows[0]?.n ?? '1'}`;
}

export async function insertReservation(q: Query, projectId: string, r: Reservation): Promise<void> {
  const id = r.id.slice(2);
  await q(
    `INSERT INTO file_reservations (project_id, id, agent, files, shared, created_at, expires_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [projectId, id, r.agent, r.files, r.shared, r.created_at, r.expires_at],
  );
  await q(
    `INSERT INTO reservation_globs (project_id, reservation_id, glob, lead)
     SELECT $1, $2, g, l FROM unnest($3::text[], $4::text[]) AS x(g, l) ON CONFLICT DO NOTHING`,
    [projectId, id, r.files, r.files.map(globLead)],
  );
}

export async function reservationsOf(q: Query, projectId: string, agent: string, now: string): Promise<Reservation[]> {
  const rows = await q<ReservationRow>(
    `SELECT id::text AS id, agent, files, shared, created_at, expires_at FROM file_reservations
     WHERE project_id = $1 AND NOT ended AND agent = $2 AND expires_at > $3 ORDER BY id`,
    [projectId, agent, now],
  );
  return rows.map(toReservation);
}

/**
 * A released reservation ends now: its row stays (so ids, numbered from the highest, are never
 * reused), marked ended, holding nothing, its globs gone.
 */
export async function endReservations(q: Query, projectId: string, ids: readonly string[], now: string) {
  if (ids.length === 0) return;
  await q(
    `WITH gone AS (DELETE FROM reservation_globs WHERE project_id = $1 AND reservation_id = ANY($2::bigint[]))
     UPDATE file_reservations SET expires_at = $3, ended = true WHERE project_id = $1 AND id = ANY($2::bigint[])`,
    [projectId, ids.map((i) => i.slice(2)), now],
  );
}

/** The reservations that ran out by $2 and were not yet ended: ended, globs deleted, returned. */
export const EXPIRED_RESERVATIONS_SQL = `WITH ended AS (
    UPDATE file_reservations SET ended = true
    WHERE project_id = $1 AND NOT ended AND expires_at <= $2::timestamptz
    RETURNING id, agent, files, shared, created_at, expires_at
  ), gone AS (
    DELETE FROM reservation_globs g USING ended e WHERE g.project_id = $1 AND g.reservation_id = e.id
  )
  SELECT id::text AS id, agent, files, shared, created_at, expires_at FROM ended ORDER BY id`;

/**
 * The reservations expired by `now` whose end is not yet recorded, marked ended and their globs deleted
 * in the caller's transaction: each is returned once, whichever write gets there first. Read from the
 * index of live reservations (migration 0006), whatever the number that ended before.
 */
export async function takeExpiredReservations(q: Query, projectId: string, now: string): Promise<Reservation[]> {
  const rows = await q<ReservationRow>(EXPIRED_RESERVATIONS_SQL, [projectId, now]);
  return rows.map(toReservation);
}
