/** A project of the shared database read out as an archive's records, from one snapshot, a page at a time. */
import type pg from 'pg';
import { ARCHIVE_FORMAT, ARCHIVE_VERSION, type EntityRecord, type HeaderRecord } from '../../core/archive/format.js';
import { ApiError } from '../../core/errors.js';
import {
  agentRecord,
  docRecord,
  eventRecord,
  type PgAgentRow,
  type PgDocRow,
  type PgEventRow,
  taskRecord,
} from './archive-rows.js';
import { neutral } from './errors.js';
import type { PgTaskRow } from './task-rows.js';
import { parseSettings } from './write.js';

/** Rows per query: memory stays flat whatever the project's size; each page is a short index range scan. */
const PAGE = 500;

interface HeaderRow {
  name: string;
  created_at: Date;
  settings: unknown;
  next_task_number: number;
  next_doc_number: number;
  top_task: number | null;
  top_doc: number | null;
}

/**
 * The records, on a connection of its own inside one REPEATABLE READ, READ ONLY transaction: one
 * snapshot from the first page to the last while the other servers go on writing, so the tasks, docs
 * and the log agree with each other. The connection goes back to the pool when the iteration ends,
 * early or not.
 */
export async function* exportProject(
  pool: pg.Pool,
  projectId: string,
): AsyncGenerator<readonly (HeaderRecord | EntityRecord)[]> {
  let client: pg.PoolClient;
  try {
    client = await pool.connect();
  } catch (err) {
    throw neutral(err);
  }
  let broken: Error | undefined;
  const onError = (err: Error) => {
    broken = err;
  };
  client.on('error', onError);
  let open = false;
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY');
    open = true;
    yield [await header(client, projectId)];
    // Byte order, as SQLite sorts: the database's own collation may sort names otherwise.
    yield* pages<PgAgentRow, string>(
      client,
      `SELECT name, created_at, last_seen FROM agents WHERE project_id = $1 AND name > $2 COLLATE "C" ORDER BY name COLLATE "C" LIMIT $3`,
      projectId,
      '',
      (r) => r.name,
      agentRecord,
    );
    yield* pages<PgTaskRow, number>(
      client,
      'SELECT * FROM tasks WHERE project_id = $1 AND number > $2 ORDER BY number LIMIT $3',
      projectId,
      0,
      (r) => r.number,
      taskRecord,
    );
    yield* pages<PgDocRow, number>(
      client,
      `SELECT number, type, title, body, section, tags, author, created_at, updated_at
       FROM docs WHERE project_id = $1 AND number > $2 ORDER BY number LIMIT $3`,
      projectId,
      0,
      (r) => r.number,
      docRecord,
    );
    yield* pages<PgEventRow, number>(
      client,
      `SELECT seq::float8 AS seq, type, entity_id, actor, payload, created_at
       FROM events WHERE project_id = $1 AND seq > $2 ORDER BY seq LIMIT $3`,
      projectId,
      0,
      (r) => r.seq,
      eventRecord,
    );
  } catch (err) {
    if (err instanceof Error && !(err instanceof ApiError)) broken ??= err;
    throw neutral(err);
  } finally {
    if (open && !broken) await client.query('ROLLBACK').catch((err: Error) => (broken = err));
    client.off('error', onError);
    client.release(broken ?? false);
  }
}

async function header(client: pg.ClientBase, projectId: string): Promise<HeaderRecord> {
  const { rows } = await client.query<HeaderRow>(
    `SELECT p.name, p.created_at, p.settings, c.next_task_number, c.next_doc_number,
            (SELECT max(number) FROM tasks WHERE project_id = p.id) AS top_task,
            (SELECT max(number) FROM docs WHERE project_id = p.id) AS top_doc
     FROM projects p JOIN project_counters c ON c.project_id = p.id WHERE p.id = $1`,
    [projectId],
  );
  const row = rows[0];
  if (!row) throw new ApiError('project_not_found', `No project with id ${projectId}`);
  const settings = parseSettings(row.settings);
  return {
    kind: 'header',
    format: ARCHIVE_FORMAT,
    version: ARCHIVE_VERSION,
    project: {
      id: projectId,
      name: row.name,
      created_at: row.created_at.toISOString(),
      settings: { lease_seconds: settings.lease_seconds, max_attempts: settings.max_attempts },
      // The counters hold the next number to give; a table holding a higher one (never from our writes) wins.
      next_task_number: Math.max(row.next_task_number, (row.top_task ?? 0) + 1),
      next_doc_number: Math.max(row.next_doc_number, (row.top_doc ?? 0) + 1),
    },
  };
}

/** A table of the project in key order, one page per query, each page as its records. */
async function* pages<Row extends pg.QueryResultRow, Key extends string | number>(
  client: pg.ClientBase,
  sql: string,
  projectId: string,
  start: Key,
  keyOf: (row: Row) => Key,
  toRecord: (row: Row) => EntityRecord,
): AsyncGenerator<EntityRecord[]> {
  let after = start;
  for (;;) {
    const { rows } = await client.query<Row>(sql, [projectId, after, PAGE]);
    if (rows.length > 0) yield rows.map(toRecord);
    const last = rows[rows.length - 1];
    if (rows.length < PAGE || last === undefined) return;
    after = keyOf(last);
  }
}
