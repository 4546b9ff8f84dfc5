import type { EventQuery } from '../../core/ports.js';
import type { EventRecord } from '../../core/types.js';
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
