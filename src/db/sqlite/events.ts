import type { Db } from './database.js';
import { stmt } from './statements.js';
import type { EventRecord } from '../../core/types.js';

interface EventRow {
  id: number;
  type: string;
  entity_id: string;
  actor: string;
  payload: string;
  created_at: string;
}

function rowToEvent(row: EventRow): EventRecord {
  return { ...row, payload: JSON.parse(row.payload) as unknown };
}

export interface NewEvent {
  type: string;
  entity_id: string;
  actor: string;
  payload: unknown;
}

/** Events written inside one transaction, published to listeners only after it commits. */
export class WriteContext {
  readonly events: EventRecord[] = [];
  constructor(
    readonly db: Db,
    readonly now: string,
  ) {}

  record(event: NewEvent): EventRecord {
    const payload = JSON.stringify(event.payload ?? null);
    const info = stmt(
      this.db,
      'INSERT INTO events (type, entity_id, actor, payload, created_at) VALUES (?, ?, ?, ?, ?)',
    ).run(event.type, event.entity_id, event.actor, payload, this.now);
    const saved: EventRecord = {
      id: Number(info.lastInsertRowid),
      type: event.type,
      entity_id: event.entity_id,
      actor: event.actor,
      payload: event.payload ?? null,
      created_at: this.now,
    };
    this.events.push(saved);
    return saved;
  }
}

export interface EventFilter {
  type?: string | undefined;
  entity_id?: string | undefined;
  actor?: string | undefined;
  after?: number | undefined;
  before?: number | undefined;
  /** asc: oldest first (paging forward with `after`); desc: newest first (paging back with `before`). */
  order?: 'asc' | 'desc' | undefined;
  limit: number;
}

export function listEvents(db: Db, f: EventFilter): EventRecord[] {
  const where: string[] = ['id > ?'];
  const params: (string | number)[] = [f.after ?? 0];
  if (f.type) {
    // `task.*` style prefixes select a family of types.
    if (f.type.endsWith('*')) {
      where.push('type >= ? AND type < ?');
      const prefix = f.type.slice(0, -1);
      params.push(prefix, `${prefix}\uffff`);
    } else {
      where.push('type = ?');
      params.push(f.type);
    }
  }
  if (f.before !== undefined) {
    where.push('id < ?');
    params.push(f.before);
  }
  if (f.entity_id) {
    where.push('entity_id = ?');
    params.push(f.entity_id);
  }
  if (f.actor) {
    where.push('actor = ?');
    params.push(f.actor);
  }
  params.push(f.limit);
  const rows = db
    .prepare<(string | number)[], EventRow>(
      `SELECT * FROM events WHERE ${where.join(' AND ')} ORDER BY id ${f.order === 'desc' ? 'DESC' : 'ASC'} LIMIT ?`,
    )
    .all(...params);
  return rows.map(rowToEvent);
}

export function latestEventId(db: Db): number {
  return db.prepare<[], { id: number | null }>('SELECT MAX(id) AS id FROM events').get()?.id ?? 0;
}
