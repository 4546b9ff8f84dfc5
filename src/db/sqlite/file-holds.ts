import { parseGlob } from '../../core/rules/globs.js';
import { formatTaskNumber } from '../../core/rules/numbering.js';
import { leadAncestors } from '../../core/rules/globs-overlap.js';
import type { Hold } from '../../core/rules/reservations.js';
import type { Reservation } from '../../core/file-store.js';
import type { Db } from './database.js';
import { stmt } from './statements.js';

/**
 * The SQL of file holds: the globs of live claims (task_file_holds, kept while the task is in progress)
 * and of ad-hoc reservations (file_reservations + reservation_globs), looked up by lead (see migration
 * 0006): a glob with lead `a/b` can only meet holds whose lead is ``, `a`, `a/b` or below `a/b/`.
 */

interface HoldRow {
  kind: 'task' | 'reservation';
  ref: number;
  agent: string;
  files: string;
  shared: number;
  until: string | null;
}

const CLAIM_COLUMNS = `'task' AS kind, t.number AS ref, t.assignee AS agent, t.files AS files, 0 AS shared, t.lease_expires_at AS until`;
const LIVE_CLAIM = `t.status = 'in-progress' AND t.assignee IS NOT NULL AND t.assignee <> @agent
  AND (t.lease_expires_at IS NULL OR t.lease_expires_at > @now)`;
const RESERVATION_COLUMNS = `'reservation' AS kind, r.id AS ref, r.agent AS agent, r.files AS files, r.shared AS shared, r.expires_at AS until`;
const LIVE_RESERVATION = 'r.agent <> @agent AND r.expires_at > @now';

function toHold(row: HoldRow): Hold {
  return {
    kind: row.kind,
    ref: row.kind === 'task' ? formatTaskNumber(row.ref) : `R-${row.ref}`,
    agent: row.agent,
    files: JSON.parse(row.files) as string[],
    shared: row.shared === 1,
    until: row.until,
  };
}

/** The leads a glob may meet, as a WHERE clause over `lead` with its parameters. */
function nearClause(globs: readonly string[], params: Record<string, unknown>, alias: string): string {
  const parts: string[] = [];
  const leads = new Set<string>();
  let everything = false;
  for (const g of globs) {
    const lead = parseGlob(g).lead;
    if (lead === '') everything = true;
    for (const a of leadAncestors(lead)) leads.add(a);
    const i = `${alias}${parts.length}`;
    params[`lo${i}`] = `${lead}/`;
    params[`hi${i}`] = `${lead}0`; // '0' follows '/': every lead below `lead/` sorts between them
    parts.push(`(${alias}.lead >= @lo${i} AND ${alias}.lead < @hi${i})`);
  }
  if (everything) return '1';
  const names = [...leads].map((l, i) => {
    params[`l${alias}${i}`] = l;
    return `@l${alias}${i}`;
  });
  return `(${alias}.lead IN (${names.join(', ')}) OR ${parts.join(' OR ')})`;
}

/** Live holds of agents other than `agent` whose globs may overlap `globs` (the caller decides exactly). */
export function holdsNear(db: Db, globs: readonly string[], agent: string, now: string): Hold[] {
  if (globs.length === 0) return [];
  const params: Record<string, unknown> = { agent, now };
  const claims = nearClause(globs, params, 'h');
  const reserved = nearClause(globs, params, 'g');
  // `+t.status`: the claims are found through the lead index, then by number; without it the planner
  // reads every in-progress task through the status index instead.
  const sql = `SELECT ${CLAIM_COLUMNS} FROM tasks t WHERE t.number IN (SELECT h.task_number FROM task_file_holds h WHERE ${claims}) AND ${LIVE_CLAIM.replace('t.status', '+t.status')}
    UNION ALL
    SELECT ${RESERVATION_COLUMNS} FROM file_reservations r WHERE r.id IN (SELECT g.reservation_id FROM reservation_globs g WHERE ${reserved}) AND ${LIVE_RESERVATION}`;
  return stmt<[Record<string, unknown>], HoldRow>(db, sql).all(params).map(toHold);
}

/** Live holds (up to `limit` of each kind): claims by task number, then reservations by id. */
export function allHolds(db: Db, now: string, limit = 10_000): Hold[] {
  const rows = stmt<[Record<string, unknown>], HoldRow>(
    db,
    `SELECT * FROM (SELECT ${CLAIM_COLUMNS} FROM tasks t WHERE t.number IN (SELECT task_number FROM task_file_holds) AND ${LIVE_CLAIM} ORDER BY t.number LIMIT @limit)
     UNION ALL
     SELECT * FROM (SELECT ${RESERVATION_COLUMNS} FROM file_reservations r WHERE ${LIVE_RESERVATION} ORDER BY r.id LIMIT @limit)`,
  ).all({ agent: '', now, limit });
  return rows.map(toHold);
}

/** Hold the files of task `number` (replacing what it held). */
export function setClaimFiles(db: Db, number: number, files: readonly string[]): void {
  clearClaimFiles(db, number);
  const insert = stmt(db, 'INSERT OR IGNORE INTO task_file_holds (task_number, glob, lead) VALUES (?, ?, ?)');
  for (const f of files) insert.run(number, f, parseGlob(f).lead);
}

export function clearClaimFiles(db: Db, number: number): void {
  stmt(db, 'DELETE FROM task_file_holds WHERE task_number = ?').run(number);
}

interface ReservationRow {
  id: number;
  agent: string;
  files: string;
  shared: number;
  created_at: string;
  expires_at: string;
}

function toReservation(row: ReservationRow): Reservation {
  return {
    id: `R-${row.id}`,
    agent: row.agent,
    files: JSON.parse(row.files) as string[],
    shared: row.shared === 1,
    created_at: row.created_at,
    expires_at: row.expires_at,
  };
}

/** The id the next reservation gets (the transaction holds the write lock). */
export function nextReservationId(db: Db): string {
  const row = stmt<[], { seq: number }>(db, "SELECT seq FROM sqlite_sequence WHERE name = 'file_reservations'").get();
  return `R-${(row?.seq ?? 0) + 1}`;
}

export function insertReservation(db: Db, r: Reservation): void {
  const id = Number(r.id.slice(2));
  stmt(
    db,
    'INSERT INTO file_reservations (id, agent, files, shared, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)',
  ).run(id, r.agent, JSON.stringify(r.files), r.shared ? 1 : 0, r.created_at, r.expires_at);
  const insert = stmt(db, 'INSERT OR IGNORE INTO reservation_globs (reservation_id, glob, lead) VALUES (?, ?, ?)');
  for (const f of r.files) insert.run(id, f, parseGlob(f).lead);
}

/** The agent's unexpired reservations. */
export function reservationsOf(db: Db, agent: string, now: string): Reservation[] {
  return stmt<[string, string], ReservationRow>(
    db,
    'SELECT * FROM file_reservations WHERE agent = ? AND expires_at > ? ORDER BY id',
  )
    .all(agent, now)
    .map(toReservation);
}

export function deleteReservation(db: Db, id: string): void {
  const n = Number(id.slice(2));
  stmt(db, 'DELETE FROM reservation_globs WHERE reservation_id = ?').run(n);
  stmt(db, 'DELETE FROM file_reservations WHERE id = ?').run(n);
}

/** Expired reservations block nothing; their rows are removed now and then (by the next reservation). */
export function purgeExpiredReservations(db: Db, now: string): void {
  stmt(
    db,
    'DELETE FROM reservation_globs WHERE reservation_id IN (SELECT id FROM file_reservations WHERE expires_at <= ?)',
  ).run(now);
  stmt(db, 'DELETE FROM file_reservations WHERE expires_at <= ?').run(now);
}
