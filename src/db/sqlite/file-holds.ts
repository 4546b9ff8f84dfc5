import { globLead } from '../../core/rules/globs.js';
import { formatTaskNumber } from '../../core/rules/numbering.js';
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

/**
 * The lead ranges `[lo, hi)` a glob's holds may be in, as JSON for `json_each`: the lead's parent folders
 * exactly (`[a, a + U+0001)`: no lead holds a control character), and the lead with every lead below it
 * in one range (`[lead, lead0)`: '0' follows '/'; a sibling such as `lead-2` falls in it too, and is
 * decided exactly by the caller). Undefined when a glob has no lead: it may meet any hold.
 */
function leadRanges(globs: readonly string[]): string | undefined {
  const ranges: string[][] = [];
  const seen = new Set<string>();
  const add = (lo: string, hi: string) => {
    const key = `${lo}\u0000${hi}`;
    if (seen.has(key)) return;
    seen.add(key);
    ranges.push([lo, hi]);
  };
  for (const g of globs) {
    const lead = globLead(g);
    if (lead === '') return undefined;
    for (let i = lead.indexOf('/'); i !== -1; i = lead.indexOf('/', i + 1))
      add(lead.slice(0, i), `${lead.slice(0, i)}\u0001`);
    add('', '\u0001');
    add(lead, `${lead}0`);
  }
  return JSON.stringify(ranges);
}

// One statement text whatever the globs (their ranges are one JSON parameter), so it is prepared once;
// each range is one seek of the lead index, then the claim by task number (`+t.status`: without it the
// planner reads every in-progress task through the status index instead).
const NEAR_SQL = `SELECT ${CLAIM_COLUMNS} FROM json_each(@ranges) j
    JOIN task_file_holds h ON h.lead >= j.value ->> 0 AND h.lead < j.value ->> 1
    JOIN tasks t ON t.number = h.task_number
    WHERE ${LIVE_CLAIM.replace('t.status', '+t.status')}
  UNION ALL
  SELECT ${RESERVATION_COLUMNS} FROM json_each(@ranges) j
    JOIN reservation_globs g ON g.lead >= j.value ->> 0 AND g.lead < j.value ->> 1
    JOIN file_reservations r ON r.id = g.reservation_id
    WHERE ${LIVE_RESERVATION}`;
const EVERY_SQL = `SELECT ${CLAIM_COLUMNS} FROM tasks t WHERE t.number IN (SELECT task_number FROM task_file_holds) AND ${LIVE_CLAIM}
  UNION ALL
  SELECT ${RESERVATION_COLUMNS} FROM file_reservations r WHERE ${LIVE_RESERVATION}`;

/** Live holds of agents other than `agent` whose globs may overlap `globs` (the caller decides exactly). */
export function holdsNear(db: Db, globs: readonly string[], agent: string, now: string): Hold[] {
  if (globs.length === 0) return [];
  const ranges = leadRanges(globs);
  const rows =
    ranges === undefined
      ? stmt<[Record<string, unknown>], HoldRow>(db, EVERY_SQL).all({ agent, now })
      : stmt<[Record<string, unknown>], HoldRow>(db, NEAR_SQL).all({ ranges, agent, now });
  if (rows.length === 0) return [];
  // A hold met through two of its globs (or two ranges) is one hold; claims by number, then reservations.
  rows.sort((a, b) => (a.kind === b.kind ? a.ref - b.ref : a.kind === 'task' ? -1 : 1));
  return rows.filter((row, i) => i === 0 || row.kind !== rows[i - 1]?.kind || row.ref !== rows[i - 1]?.ref).map(toHold);
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
  for (const f of files) insert.run(number, f, globLead(f));
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
  for (const f of r.files) insert.run(id, f, globLead(f));
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

/**
 * The reservations expired by `now`, removed (rows and globs) in the caller's write: each is returned
 * once, for its end to be recorded. Released ones are removed when released.
 */
export function takeExpiredReservations(db: Db, now: string): Reservation[] {
  const expired = stmt<[string], ReservationRow>(
    db,
    'SELECT * FROM file_reservations WHERE expires_at <= ? ORDER BY id',
  ).all(now);
  for (const row of expired) deleteReservation(db, `R-${row.id}`);
  return expired.map(toReservation);
}
