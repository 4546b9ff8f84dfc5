import type pg from 'pg';
import { ApiError } from '../../core/errors.js';
import type { DecideContext } from '../../core/tasks/types.js';
import { DEFAULT_SETTINGS, type EventRecord, type ProjectSettings } from '../../core/types.js';
import { connectionLost, neutral, retryable } from './errors.js';
import { prepared, withClient } from './pool.js';
import { toJson } from './json.js';

/** The channel every write transaction notifies, with its project id as the payload. */
export const CHANNEL = 'codepakt';

export interface NewEvent {
  type: string;
  entity_id: string;
  actor: string;
  payload: unknown;
}

interface Counters {
  next_task_number: number;
  next_doc_number: number;
  last_event_seq: number;
}

/**
 * One write transaction of a project. Its counter row is locked first (see writeProject), so task and
 * doc numbers come from it and events are numbered from it: gapless, in commit order. Events are
 * written, the counters saved and the project notified in one statement at the end.
 */
export class PgWrite implements DecideContext {
  readonly events: EventRecord[] = [];
  /** Agents seen by the writes of this transaction: their `last_seen` is saved once, at the end. */
  readonly seen = new Set<string>();
  /** Whether lapsed leases were reclaimed in this transaction (its writes share one `now`). */
  reclaimed = false;
  /** Events before this index are in the table already: the write that recorded them appended them. */
  appended = 0;
  private readonly start: Counters;
  /** Statements sent without waiting for their answers: checked before COMMIT's answer is trusted. */
  private readonly inFlight: Promise<unknown>[] = [];

  constructor(
    readonly client: pg.ClientBase,
    readonly projectId: string,
    readonly now: string,
    private readonly counters: Counters,
    readonly settings: ProjectSettings,
  ) {
    this.start = { ...counters };
  }

  async query<R extends pg.QueryResultRow = pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<R[]> {
    return (await this.client.query<R>(prepared(sql, params))).rows;
  }

  /**
   * Send a statement whose rows are not needed without waiting for it: the connection pipelines it with
   * the statements after it (COMMIT's among them), which saves a round trip while the project is locked.
   * Only for statements that fail for no reason of the data's (a claim's UPDATE of rows it has locked).
   */
  send(sql: string, params: unknown[]): void {
    const answer = this.client.query(prepared(sql, params));
    // Its failure is read by settled(); until then it must not count as unhandled.
    answer.catch(() => undefined);
    this.inFlight.push(answer);
  }

  /** The statements sent without waiting: the first failure among them, if any. */
  async settled(): Promise<void> {
    await Promise.all(this.inFlight);
  }

  record(event: NewEvent): EventRecord {
    const saved: EventRecord = {
      id: ++this.counters.last_event_seq,
      type: event.type,
      entity_id: event.entity_id,
      actor: event.actor,
      payload: event.payload ?? null,
      created_at: this.now,
    };
    this.events.push(saved);
    return saved;
  }

  /** The first of `count` new task numbers. */
  takeTaskNumbers(count: number): number {
    const first = this.counters.next_task_number;
    this.counters.next_task_number += count;
    return first;
  }

  takeDocNumber(): number {
    return this.counters.next_doc_number++;
  }

  /** Append the events, save the counters, note the agents seen and notify, if anything was recorded. */
  async finish(): Promise<void> {
    const c = this.counters;
    const s = this.start;
    if (
      this.events.length === 0 &&
      this.seen.size === 0 &&
      c.next_task_number === s.next_task_number &&
      c.next_doc_number === s.next_doc_number
    )
      return;
    const events = this.events.slice(this.appended).map((e) => ({ ...e, seq: e.id, payload: e.payload }));
    await this.client.query(
      prepared(
        `WITH ev AS (
         INSERT INTO events (project_id, seq, type, entity_id, actor, payload, created_at)
         SELECT $1, e.seq, e.type, e.entity_id, e.actor, coalesce(e.payload, 'null'::json), e.created_at
         FROM json_to_recordset($2::json)
           AS e(seq bigint, type text, entity_id text, actor text, payload json, created_at timestamptz)
       ), up AS (
         UPDATE project_counters SET next_task_number = $3, next_doc_number = $4, last_event_seq = $5
         WHERE project_id = $1
       ), ag AS (
         INSERT INTO agents (project_id, name, created_at, last_seen)
         SELECT $1, name, $7::timestamptz, $7::timestamptz FROM unnest($8::text[]) AS name
         ON CONFLICT (project_id, name) DO UPDATE SET last_seen = excluded.last_seen
       )
       SELECT CASE WHEN $6 THEN pg_notify('${CHANNEL}', $1) END`,
        [
          this.projectId,
          toJson(events),
          c.next_task_number,
          c.next_doc_number,
          c.last_event_seq,
          this.events.length > 0,
          this.now,
          [...this.seen],
        ],
      ),
    );
  }
}

export function parseSettings(raw: unknown): ProjectSettings {
  return { ...DEFAULT_SETTINGS, ...((raw ?? {}) as Partial<ProjectSettings>) };
}

const MAX_ATTEMPTS = 3;

export interface WriteOptions {
  /** Runs first in the transaction, before the counter row is locked (a new project inserts it). */
  prepare?: (client: pg.ClientBase) => Promise<void>;
}

/**
 * Run `fn` as one transaction of project `projectId`, whose counter row is locked before anything else
 * (404 when the project does not exist). A deadlock, a serialization failure or a connection lost before
 * COMMIT was sent reruns it from scratch; a connection lost after (the outcome unknown), or lost again,
 * answers 503 `storage_unavailable`. Resolves once committed, with what `fn` returned
 * and the events it recorded.
 */
export async function writeProject<T>(
  pool: pg.Pool,
  projectId: string,
  now: () => string,
  fn: (w: PgWrite) => Promise<T>,
  options: WriteOptions = {},
): Promise<{ result: T; events: EventRecord[] }> {
  for (let attempt = 1; ; attempt++) {
    // Until COMMIT is sent, a failure leaves nothing behind, so the whole transaction may run again.
    let connected = false;
    let committing = false;
    try {
      return await withClient(pool, async (client) => {
        connected = true;
        try {
          const row = await lockCounters(client, projectId, options);
          if (!row) throw new ApiError('project_not_found', `No project with id ${projectId}`);
          const { settings, ...counters } = row;
          const w = new PgWrite(client, projectId, now(), counters, parseSettings(settings));
          const result = await fn(w);
          // The events, counters and COMMIT in one round trip (the connection pipelines them): PostgreSQL
          // turns a COMMIT after a failed statement into a rollback, so COMMIT's own answer proves nothing
          // until every statement before it has answered too.
          const finishing = w.finish();
          committing = true;
          const commit = client.query('COMMIT');
          const [sent, finished, committed] = await Promise.allSettled([w.settled(), finishing, commit]);
          const failed = [sent, finished].find((r) => r.status === 'rejected');
          if (failed) {
            // The database refused a statement: nothing was committed. A lost connection leaves that unknown.
            if (!connectionLost(failed.reason)) committing = false;
            throw failed.reason;
          }
          if (committed.status === 'rejected') throw committed.reason;
          return { result, events: w.events };
        } catch (err) {
          await client.query('ROLLBACK').catch(() => undefined);
          throw err;
        }
      });
    } catch (err) {
      // A connection that died idle in the pool shows only when used: the next one is likely sound. One
      // that could not be made says the database is down: no retry (each would wait for a connection).
      if (attempt < MAX_ATTEMPTS && (retryable(err) || (connected && !committing && connectionLost(err)))) continue;
      throw neutral(err);
    }
  }
}

type LockedCounters = Counters & { settings: unknown };

/**
 * BEGIN and the project's counter row locked, in one round trip (pipelined) unless a `prepare` step
 * must run between them. Undefined when the project does not exist.
 */
async function lockCounters(
  client: pg.ClientBase,
  projectId: string,
  options: WriteOptions,
): Promise<LockedCounters | undefined> {
  const begin = client.query('BEGIN');
  if (options.prepare) {
    await begin;
    await options.prepare(client);
  }
  const locked = client.query<LockedCounters>(
    prepared(
      `SELECT c.next_task_number, c.next_doc_number, c.last_event_seq::float8 AS last_event_seq, p.settings
       FROM project_counters c JOIN projects p ON p.id = c.project_id
       WHERE c.project_id = $1 FOR NO KEY UPDATE OF c`,
      [projectId],
    ),
  );
  const [, { rows }] = await Promise.all([begin, locked]);
  return rows[0];
}

/** A read on a pooled connection, tried again on another when its connection was lost; then 503 `storage_unavailable`. */
export async function readQuery<R extends pg.QueryResultRow>(
  pool: pg.Pool,
  sql: string,
  params: unknown[] = [],
): Promise<R[]> {
  for (let attempt = 1; ; attempt++) {
    let connected = false;
    try {
      return await withClient(pool, async (client) => {
        connected = true;
        return (await client.query<R>(prepared(sql, params))).rows;
      });
    } catch (err) {
      if (attempt < MAX_ATTEMPTS && connected && connectionLost(err)) continue;
      throw neutral(err);
    }
  }
}
