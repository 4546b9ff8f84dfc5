/** A project database read out as an archive's records, from one snapshot, a page at a time. */
import Database from 'better-sqlite3';
import { ARCHIVE_FORMAT, ARCHIVE_VERSION, type EntityRecord, type HeaderRecord } from '../../core/archive/format.js';
import type { Db } from './database.js';
import type { AgentRow } from './agents.js';
import { type EventRow, agentRecord, docRecord, eventRecord, taskRecord } from './archive-rows.js';
import type { DocRow } from './doc-queries.js';
import { getMeta, readSettings } from './meta.js';
import { storageError } from './errors.js';
import type { TaskRow } from '../task-rows.js';

/**
 * Rows per query: memory stays flat whatever the project's size; each page is a short index range scan.
 * Small, so that a page and its text are garbage before the young generation (8 MiB, see SERVER_NODE_ARGS)
 * is next collected: what outlives it is promoted and waits for a full collection (at 2 MiB, 200 rows: the server
 * grew ~9 MiB while streaming 300,000 tasks).
 */
const PAGE = 50;

export interface ExportSource {
  /** The name the project's database is opened by (a path, or a `file:` URI when its folder is read-only). */
  dbName: string;
  /** The file, for error messages. */
  file: string;
  projectId: string;
  /** The registry's name, should the database not hold one. */
  name: string;
}

/**
 * The records, from a connection of its own inside one read transaction: in WAL mode it sees one
 * snapshot from the first read to the last while the server goes on writing, so the tasks, docs and
 * the log agree with each other. The connection is closed when the iteration ends, early or not.
 */
export async function* exportDatabase(source: ExportSource): AsyncGenerator<readonly (HeaderRecord | EntityRecord)[]> {
  let db: Db;
  try {
    db = new Database(source.dbName, { readonly: true, fileMustExist: true });
  } catch (err) {
    throw storageError(err, source.file) ?? err;
  }
  try {
    // Every page is read once, in key order: the cache needs only the paths down the B-trees.
    db.pragma('cache_size = -256');
    db.exec('BEGIN');
    yield [header(db, source)];
    yield* pages<AgentRow, string>(
      db,
      'SELECT * FROM agents WHERE name > ? ORDER BY name LIMIT ?',
      '',
      (r) => r.name,
      agentRecord,
    );
    yield* pages<TaskRow, number>(
      db,
      'SELECT * FROM tasks WHERE number > ? ORDER BY number LIMIT ?',
      0,
      (r) => r.number,
      taskRecord,
    );
    yield* pages<DocRow, number>(
      db,
      'SELECT * FROM docs WHERE number > ? ORDER BY number LIMIT ?',
      0,
      (r) => r.number,
      docRecord,
    );
    yield* pages<EventRow, number>(
      db,
      'SELECT * FROM events WHERE id > ? ORDER BY id LIMIT ?',
      0,
      (r) => r.id,
      eventRecord,
    );
    db.exec('COMMIT');
  } catch (err) {
    throw storageError(err, source.file) ?? err;
  } finally {
    db.close();
  }
}

function header(db: Db, source: ExportSource): HeaderRecord {
  const highest = (sql: string) => db.prepare<[], { n: number | null }>(sql).get()?.n ?? 0;
  // The counters say the last number given; a table holding a higher one (never from our writes) wins.
  const lastTask = Math.max(
    Number(getMeta(db, 'next_task_number') ?? 0),
    highest('SELECT MAX(number) AS n FROM tasks'),
  );
  const lastDoc = Math.max(Number(getMeta(db, 'next_doc_number') ?? 0), highest('SELECT MAX(number) AS n FROM docs'));
  const settings = readSettings(db);
  return {
    kind: 'header',
    format: ARCHIVE_FORMAT,
    version: ARCHIVE_VERSION,
    project: {
      id: source.projectId,
      name: getMeta(db, 'project_name') ?? source.name,
      created_at: getMeta(db, 'created_at') ?? new Date(0).toISOString(),
      settings: { lease_seconds: settings.lease_seconds, max_attempts: settings.max_attempts },
      next_task_number: lastTask + 1,
      next_doc_number: lastDoc + 1,
    },
  };
}

/** A table in key order, one page per query, each page as its records. */
async function* pages<Row, Key extends string | number>(
  db: Db,
  sql: string,
  start: Key,
  keyOf: (row: Row) => Key,
  toRecord: (row: Row) => EntityRecord,
): AsyncGenerator<EntityRecord[]> {
  const query = db.prepare<[Key, number], Row>(sql);
  let after = start;
  for (;;) {
    const rows = query.all(after, PAGE);
    if (rows.length > 0) yield rows.map(toRecord);
    const last = rows[rows.length - 1];
    if (rows.length < PAGE || last === undefined) return;
    after = keyOf(last);
  }
}
