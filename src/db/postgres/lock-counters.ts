import type pg from 'pg';
import { corked, prepared } from './pool.js';
import type { Counters } from './write.js';

/** Reads sent behind a transaction's lock, in the same write, before the transaction knows its work. */
export interface AheadRead {
  projectId: string;
  /** Send a read now, without waiting; it runs once the lock before it is held. */
  read<R extends pg.QueryResultRow>(sql: string, params: unknown[]): Promise<R[]>;
}

export interface WriteOptions {
  /** Runs first in the transaction, before the counter row is locked (a new project inserts it). */
  prepare?: (client: pg.ClientBase) => Promise<void>;
  /**
   * Reads pipelined right behind the lock, so they answer with it: one round trip fewer while the
   * project is locked. They run after the lock is taken, so they see every write committed before it.
   * What this returns is the transaction's `w.ahead`.
   */
  ahead?: (read: AheadRead) => unknown;
}

type LockedCounters = Counters & { settings: unknown };

const LOCK_SQL = `SELECT c.next_task_number, c.next_doc_number, c.last_event_seq::float8 AS last_event_seq, p.settings
  FROM project_counters c JOIN projects p ON p.id = c.project_id
  WHERE c.project_id = $1 FOR NO KEY UPDATE OF c`;

/**
 * BEGIN, the project's counter row locked and the `ahead` reads, in one write and one round trip
 * (pipelined) unless a `prepare` step must run between BEGIN and the lock. The row is undefined when
 * the project does not exist; `sent` are the answers of the reads, for the transaction to check.
 */
export async function lockCounters(
  client: pg.ClientBase,
  projectId: string,
  options: WriteOptions,
): Promise<{ row: LockedCounters | undefined; ahead: unknown; sent: Promise<unknown>[] }> {
  const sent: Promise<unknown>[] = [];
  const read: AheadRead = {
    projectId,
    read: <R extends pg.QueryResultRow>(sql: string, params: unknown[]) => {
      const answer = client.query<R>(prepared(sql, params));
      const rows = answer.then((r) => r.rows);
      // Checked with the transaction's other statements (PgWrite.settled); never unhandled meanwhile.
      rows.catch(() => undefined);
      sent.push(answer);
      return rows;
    },
  };
  let begin: Promise<unknown> | undefined;
  if (options.prepare) {
    await client.query('BEGIN');
    await options.prepare(client);
  }
  const { locked, ahead } = corked(client, () => {
    if (!options.prepare) begin = client.query('BEGIN');
    const locked = client.query<LockedCounters>(prepared(LOCK_SQL, [projectId]));
    return { locked, ahead: options.ahead?.(read) };
  });
  try {
    const [, { rows }] = await Promise.all([begin, locked]);
    return { row: rows[0], ahead, sent };
  } catch (err) {
    await Promise.allSettled(sent);
    throw err;
  }
}
