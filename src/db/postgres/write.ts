import type pg from 'pg';
import { ApiError } from '../../core/errors.js';
import type { DecideContext } from '../../core/tasks/types.js';
import { DEFAULT_SETTINGS, type EventRecord, type ProjectSettings } from '../../core/types.js';
import { mayFreeWork } from '../../core/wait-for-work.js';
import { connectionLost, neutral, retryable } from './errors.js';
import { lockCounters, type WriteOptions } from './lock-counters.js';
import { corked, prepared, withClient } from './pool.js';
import { toJson } from './json.js';

export type { AheadRead, WriteOptions } from './lock-counters.js';

/** The channel every write transaction notifies, with its project id as the payload. */
export const CHANNEL = 'codepakt';
/** Notified besides, with the same payload, by a transaction whose events may have freed work to pick up. */
export const WORK_CHANNEL = 'codepakt_work';

export interface NewEvent {
  type: string;
  entity_id: string;
  actor: string;
  payload: unknown;
}

export interface Counters {
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
  /** Statements given to send(), written with the next statement that is (the closing ones at the latest). */
  private deferred: pg.QueryConfig[] = [];

  constructor(
    readonly client: pg.ClientBase,
    readonly projectId: string,
    readonly now: string,
    private readonly counters: Counters,
    readonly settings: ProjectSettings,
    /** What the transaction's `ahead` reads answered (see WriteOptions), sent with the lock. */
    readonly ahead?: unknown,
  ) {
    this.start = { ...counters };
  }

  async query<R extends pg.QueryResultRow = pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<R[]> {
    const answer = corked(this.client, () => {
      this.sendDeferred();
      return this.client.query<R>(prepared(sql, params));
    });
    return (await answer).rows;
  }

  /**
   * A statement whose rows are not needed, sent without waiting for it, together with the next statement
   * (COMMIT's at the latest): a round trip and a write fewer while the project is locked. Only for
   * statements that fail for no reason of the data's (a claim's UPDATE of rows it has locked).
   */
  send(sql: string, params: unknown[]): void {
    this.deferred.push(prepared(sql, params));
  }

  /** Statements sent behind the lock: their failure is checked by settled(), as send()'s. */
  watch(answer: Promise<unknown>): void {
    // Its failure is read by settled(); until then it must not count as unhandled.
    answer.catch(() => undefined);
    this.inFlight.push(answer);
  }

  /** Write what send() was given (the caller corks the connection, so it leaves with what follows). */
  private sendDeferred(): void {
    for (const config of this.deferred) this.watch(this.client.query(config));
    this.deferred = [];
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

  /**
   * The statements deferred by send(), then the events appended, the counters saved, the agents seen
   * noted and the project notified (if anything was recorded), then COMMIT: all in one write. Resolves
   * with the closing statements' and COMMIT's answers, not yet awaited.
   */
  sendClosing(): { finished: Promise<unknown>; commit: Promise<unknown> } {
    return corked(this.client, () => {
      this.sendDeferred();
      const finished = this.sendFinish();
      return { finished, commit: this.client.query('COMMIT') };
    });
  }

  private sendFinish(): Promise<unknown> {
    const c = this.counters;
    const s = this.start;
    if (
      this.events.length === 0 &&
      this.seen.size === 0 &&
      c.next_task_number === s.next_task_number &&
      c.next_doc_number === s.next_doc_number
    )
      return Promise.resolve();
    const events = this.events.slice(this.appended).map((e) => ({ ...e, seq: e.id, payload: e.payload }));
    return this.client.query(
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
       SELECT CASE WHEN $9 THEN pg_notify('${WORK_CHANNEL}', $1) END, CASE WHEN $6 THEN pg_notify('${CHANNEL}', $1) END`,
        [
          this.projectId,
          toJson(events),
          c.next_task_number,
          c.next_doc_number,
          c.last_event_seq,
          this.events.length > 0,
          this.now,
          [...this.seen],
          mayFreeWork(this.events),
        ],
      ),
    );
  }
}

export function parseSettings(raw: unknown): ProjectSettings {
  return { ...DEFAULT_SETTINGS, ...((raw ?? {}) as Partial<ProjectSettings>) };
}

const MAX_ATTEMPTS = 3;

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
          const { row, ahead, sent } = await lockCounters(client, projectId, options);
          if (!row) throw new ApiError('project_not_found', `No project with id ${projectId}`);
          const { settings, ...counters } = row;
          const w = new PgWrite(client, projectId, now(), counters, parseSettings(settings), ahead);
          for (const answer of sent) w.watch(answer);
          const result = await fn(w);
          // The deferred statements, events, counters and COMMIT in one write and one round trip (the
          // connection pipelines them): PostgreSQL turns a COMMIT after a failed statement into a
          // rollback, so COMMIT's own answer proves nothing until every statement before it has answered.
          committing = true;
          const { finished, commit } = w.sendClosing();
          const [sentOk, finishedOk, committed] = await Promise.allSettled([w.settled(), finished, commit]);
          const failed = [sentOk, finishedOk].find((r) => r.status === 'rejected');
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
