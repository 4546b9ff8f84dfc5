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

const INSERT_EVENT = 'INSERT INTO events (type, entity_id, actor, payload, created_at) VALUES (?, ?, ?, ?, ?)';
/** Events a batch records per statement: a statement each cost ~10% more (and an AUTOINCREMENT update each). */
const EVENTS_PER_INSERT = 100;
const INSERT_EVENTS = `INSERT INTO events (type, entity_id, actor, payload, created_at) VALUES ${Array.from(
  { length: EVENTS_PER_INSERT },
  () => '(?, ?, ?, ?, ?)',
).join(', ')}`;

/** Events written inside one transaction, published to listeners only after it commits. */
export class WriteContext {
  readonly events: EventRecord[] = [];
  constructor(
    readonly db: Db,
    readonly now: string,
  ) {}

  record(event: NewEvent): EventRecord {
    const payload = JSON.stringify(event.payload ?? null);
    const info = stmt(this.db, INSERT_EVENT).run(event.type, event.entity_id, event.actor, payload, this.now);
    return this.saved(event, Number(info.lastInsertRowid));
  }

  /** Many events, in order, as `record` writes each: a hundred rows per statement. */
  recordAll(events: readonly NewEvent[]): void {
    let i = 0;
    if (events.length >= EVENTS_PER_INSERT) {
      const insert = stmt(this.db, INSERT_EVENTS);
      const values: unknown[] = new Array(EVENTS_PER_INSERT * 5);
      for (; i + EVENTS_PER_INSERT <= events.length; i += EVENTS_PER_INSERT) {
        for (let j = 0; j < EVENTS_PER_INSERT; j++) {
          const event = events[i + j] as NewEvent;
          values[j * 5] = event.type;
          values[j * 5 + 1] = event.entity_id;
          values[j * 5 + 2] = event.actor;
          values[j * 5 + 3] = JSON.stringify(event.payload ?? null);
          values[j * 5 + 4] = this.now;
        }
        // The rows of one statement take consecutive ids (AUTOINCREMENT, and this write holds the lock).
        const first = Number(insert.run(values).lastInsertRowid) - EVENTS_PER_INSERT + 1;
        for (let j = 0; j < EVENTS_PER_INSERT; j++) this.saved(events[i + j] as NewEvent, first + j);
      }
    }
    for (; i < events.length; i++) this.record(events[i] as NewEvent);
  }

  private saved(event: NewEvent, id: number): EventRecord {
    const saved: EventRecord = {
      id,
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
