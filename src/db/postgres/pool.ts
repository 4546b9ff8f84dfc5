import { createHash } from 'node:crypto';
import pg from 'pg';
import { connectionLost } from './errors.js';
import { SCHEMA } from './migrate.js';

/**
 * The connection pool of a server over PostgreSQL. TCP keepalive finds a dead peer; a session idle
 * inside a transaction (a replica frozen mid-write, holding its project's lock) is ended by the
 * database after a while; a request waits a bounded time for a connection or a lock instead of hanging.
 */

export interface PoolOptions {
  /** Connections at most (default 16). */
  max?: number | undefined;
  applicationName?: string | undefined;
  /** How long a statement waits for a row lock (a project's writes wait on each other) before 503. */
  lockTimeoutMs?: number | undefined;
}

/** How long a request waits for a free connection, and for a row lock, before answering 503. */
const CONNECT_TIMEOUT_MS = 10_000;
const LOCK_TIMEOUT_MS = 15_000;
const IDLE_IN_TRANSACTION_TIMEOUT = '60s';

export function connectionConfig(
  url: string,
  applicationName = 'codepakt',
  lockTimeoutMs = LOCK_TIMEOUT_MS,
): pg.ClientConfig {
  return {
    connectionString: url,
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    application_name: applicationName,
    options: `-c search_path=${SCHEMA} -c lock_timeout=${Math.max(1, Math.round(lockTimeoutMs))} -c idle_in_transaction_session_timeout=${IDLE_IN_TRANSACTION_TIMEOUT}`,
  };
}

export function createPool(url: string, options: PoolOptions = {}): pg.Pool {
  const pool = new pg.Pool({
    ...connectionConfig(url, options.applicationName, options.lockTimeoutMs),
    max: options.max ?? 16,
    idleTimeoutMillis: 30_000,
    // A statement is sent without waiting for the one before it to answer, where a write chooses to
    // (write.ts: BEGIN with the counter lock; the events, counters and COMMIT): fewer round trips while a
    // project's counter row is locked, which is what bounds a project's writes across replicas.
    pipeline: true,
  });
  // An idle connection that dies (the database restarted) is dropped by the pool; without a listener
  // the error would end the process.
  pool.on('error', (err) => console.error(`database connection lost while idle: ${err.message}`));
  return pool;
}

/**
 * Run `fn` on a connection of the pool. A connection that failed under it is destroyed rather than
 * handed to the next request; its error (a checked-out client has no listener of the pool's) is kept.
 */
export async function withClient<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  const onError = (err: Error) => {
    broken = err;
  };
  client.on('error', onError);
  try {
    return await fn(client);
  } catch (err) {
    if (err instanceof Error && connectionLost(err)) broken ??= err;
    throw err;
  } finally {
    client.off('error', onError);
    client.release(broken ?? false);
  }
}

interface Corkable {
  cork?(): void;
  uncork?(): void;
}

/**
 * Run `fn`, which sends statements on `client` without waiting, with the connection's socket corked:
 * they leave in one write instead of one each. On this kind of machine every write to the database
 * wakes its backend, and each wake-up costs both processes CPU and the writer a turn of the scheduler.
 */
export function corked<T>(client: pg.ClientBase, fn: () => T): T {
  const stream = (client as unknown as { connection?: { stream?: Corkable } }).connection?.stream;
  stream?.cork?.();
  try {
    return fn();
  } finally {
    stream?.uncork?.();
  }
}

const names = new Map<string, string>();

/**
 * A query as a named prepared statement: each connection parses and plans a statement once, then
 * only binds and runs it (a claim's statements cost about half as much). Named by a hash of the text.
 */
export function prepared(text: string, values: unknown[] = []): pg.QueryConfig {
  let name = names.get(text);
  if (name === undefined) {
    name = `cpk_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
    names.set(text, name);
  }
  return { name, text, values };
}
