import { ApiError, storageFull, storageUnavailable } from '../../core/errors.js';

/**
 * PostgreSQL's failures turned into the storage-neutral errors of core/errors.ts: above src/db nothing
 * knows SQLSTATEs or driver messages. A failure of our own SQL stays what it is (a 500: a bug).
 */

/** Socket-level failures of the driver (no SQLSTATE). */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);

/** What the driver says when a connection went away or could not be had in time. */
const NETWORK_MESSAGES =
  /Connection terminated|connection error|not queryable|timeout exceeded when trying to connect|Client was closed|Cannot use a pool after calling end/i;

function sqlState(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

/** Whether the database could not be reached or dropped the connection (as opposed to refusing a query). */
export function connectionLost(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && NETWORK_CODES.has(code)) return true;
  const state = sqlState(err);
  if (state) {
    // 08: connection exception; 57P01-03: terminated by an administrator, a crash, or still starting.
    return state.startsWith('08') || /^57P0[1-3]$/.test(state) || state === '53300';
  }
  return err instanceof Error && NETWORK_MESSAGES.test(err.message);
}

/** A conflict between concurrent transactions that a retry of the whole transaction resolves. */
export function retryable(err: unknown): boolean {
  const state = sqlState(err);
  return state === '40001' || state === '40P01';
}

/** The storage-neutral error for a PostgreSQL failure; undefined when `err` is none of those. */
export function pgStorageError(err: unknown): ApiError | undefined {
  if (err instanceof ApiError) return undefined;
  const detail = err instanceof Error ? err.message : String(err);
  if (connectionLost(err))
    return storageUnavailable(
      `The database cannot be reached (${detail}); the server reconnects by itself: retry shortly. A write that was under way may or may not have been applied`,
    );
  const state = sqlState(err);
  if (!state) return undefined;
  if (state === '53100')
    return storageFull(`The database's disk is full (${detail}): nothing was written. Free space and retry`);
  if (state === '25006' || state === '53200' || state.startsWith('58'))
    return storageUnavailable(`The database cannot take this request now (${state}: ${detail}); retry shortly`);
  // A lock held past lock_timeout (a writer of the project stalled), or a statement cancelled.
  if (state === '55P03' || state === '57014')
    return storageUnavailable(`The project is busy: the database gave up waiting (${state}: ${detail}); retry shortly`);
  // Text PostgreSQL cannot store (a NUL character) or index (a word list past tsvector's 1 MB).
  if (state === '22021' || state === '22P05')
    return new ApiError('validation_error', 'Text must not contain NUL characters', [
      { path: '(body)', message: 'contains a NUL character' },
    ]);
  if (state === '54000')
    return new ApiError('validation_error', `The text is too large to store or index (${detail})`, [
      { path: '(body)', message: 'too large to index' },
    ]);
  return undefined;
}

/** `err` as the error to answer with: storage-neutral when it is a PostgreSQL failure, else as it is. */
export function neutral(err: unknown): unknown {
  return pgStorageError(err) ?? err;
}
