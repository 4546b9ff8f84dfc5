import type { EventQuery } from '../../core/ports.js';
import type { EventRecord } from '../../core/types.js';
import { toJson } from './json.js';
import type { Query } from './task-sql.js';

interface EventRow {
  seq: number;
  type: string;
  entity_id: string;
  actor: string;
  payload: unknown;
  created_at: Date;
}

/** A page of a project's log; ids are the project's seqs, so `after` pages and resumes. */
export async function listEvents(q: Query, projectId: string, f: EventQuery): Promise<EventRecord[]> {
  const params: unknown[] = [projectId, f.after ?? 0];
  const where = ['project_id = $1', 'seq > $2'];
  const bind = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  if (f.type) {
    // `task.*` style prefixes select a family of types.
    if (f.type.endsWith('*')) {
      const prefix = f.type.slice(0, -1);
      where.push(`type >= ${bind(prefix)} AND type < ${bind(`${prefix}\uffff`)}`);
    } else where.push(`type = ${bind(f.type)}`);
  }
  if (f.before !== undefined) where.push(`seq < ${bind(f.before)}`);
  if (f.entity_id) where.push(`entity_id = ${bind(f.entity_id)}`);
  if (f.actor) where.push(`actor = ${bind(f.actor)}`);
  const rows = await q<EventRow>(
    `SELECT seq::float8 AS seq, type, entity_id, actor, payload, created_at FROM events
     WHERE ${where.join(' AND ')} ORDER BY seq ${f.order === 'desc' ? 'DESC' : 'ASC'} LIMIT ${bind(f.limit)}`,
    params,
  );
  return rows.map((r) => ({
    id: r.seq,
    type: r.type,
    entity_id: r.entity_id,
    actor: r.actor,
    payload: r.payload,
    created_at: r.created_at.toISOString(),
  }));
}

/**
 * Append events numbered one after the other (seqs first.id, first.id + 1, ...) and made at one time,
 * as a write records them. The payloads go as one JSON array whose elements are stored as they are: a
 * payload is lexed twice (the parameter, then the array), not three times as a field of a record.
 */
const APPEND_SQL = `INSERT INTO events (project_id, seq, type, entity_id, actor, payload, created_at)
  SELECT $1, $2::bigint + e.i, coalesce(e.t, $6), e.e, coalesce(e.a, $7), e.p, $3::timestamptz
  FROM ROWS FROM (json_to_recordset($4::json) AS (t text, e text, a text), json_array_elements($5::json))
    WITH ORDINALITY AS e(t, e, a, p, i)`;

export function appendEvents(
  q: Query,
  projectId: string,
  events: readonly EventRecord[],
): Promise<unknown> | undefined {
  const first = events[0];
  if (!first) return undefined;
  // Type and actor only where they differ from the first event's (a batch's are all alike).
  const heads: { t?: string; e: string; a?: string }[] = [];
  const payloads: unknown[] = [];
  for (const [i, e] of events.entries()) {
    if (e.id !== first.id + i || e.created_at !== first.created_at)
      throw new Error('appendEvents takes the events of one write, numbered one after the other');
    const head: { t?: string; e: string; a?: string } = { e: e.entity_id };
    if (e.type !== first.type) head.t = e.type;
    if (e.actor !== first.actor) head.a = e.actor;
    heads.push(head);
    payloads.push(e.payload ?? null);
  }
  return q(APPEND_SQL, [
    projectId,
    first.id - 1,
    first.created_at,
    toJson(heads),
    toJson(payloads),
    first.type,
    first.actor,
  ]);
}
