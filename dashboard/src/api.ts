/** The dashboard's one way to the server: the generated typed client over the browser's fetch. */
import { createClient, type ApiClient, type ApiErrorCode, type Schemas } from '../../src/client/index.js';
import { prefs } from './prefs.js';

export type { ApiClient };
export type Task = Schemas['Task'];
export type TaskStatus = Schemas['TaskStatus'];
export type Priority = Schemas['Priority'];
export type Agent = Schemas['Agent'];
export type Doc = Schemas['Doc'];
export type DocSummary = Schemas['DocSummary'];
export type DocSearchHit = Schemas['DocSearchHit'];
export type DocType = Schemas['DocType'];
export type Event = Schemas['Event'];
export type Project = Schemas['Project'];
export type BoardStatus = Schemas['BoardStatus'];
export type TaskPatch = Schemas['TaskPatch'];
export type NewTask = Schemas['NewTask'];

export function makeApi(): ApiClient {
  return createClient(window.location.origin, {
    fetch: ((req: Request) => fetch(req)) as never,
    token: prefs.token() || undefined,
  });
}

/** A failed call, in words a person can act on. */
export class ApiFailure extends Error {
  constructor(
    message: string,
    readonly status: number,
    /** The server's error code, or `unreachable` when no answer came. */
    readonly code: ApiErrorCode | 'unreachable' | undefined,
  ) {
    super(message);
  }
}

interface ErrorEnvelope {
  error?: unknown;
  message?: unknown;
  details?: unknown;
}

export function describeError(error: unknown, status: number): ApiFailure {
  const body = (typeof error === 'object' && error !== null ? error : {}) as ErrorEnvelope;
  const code = typeof body.error === 'string' ? (body.error as ApiErrorCode) : undefined;
  let message =
    typeof body.message === 'string'
      ? body.message
      : typeof error === 'string' && error
        ? error
        : `The server answered ${status}`;
  if (Array.isArray(body.details)) {
    const parts = body.details
      .map((d) =>
        typeof d === 'object' && d !== null
          ? `${String((d as { path?: unknown }).path ?? '')}: ${String((d as { message?: unknown }).message ?? '')}`
          : '',
      )
      .filter((s) => s && !message.includes(s));
    if (parts.length) message += ` (${parts.join('; ')})`;
  }
  if (status === 401) message = `${message}. Set the server token in the header.`;
  return new ApiFailure(message, status, code);
}

/**
 * Unwrap a typed call: its `data`, or an ApiFailure carrying the server's message. A network failure
 * becomes a status-0 failure so callers show one kind of error.
 */
export async function call<D>(promise: Promise<{ data?: D; error?: unknown; response: Response }>): Promise<D> {
  let result: { data?: D; error?: unknown; response: Response };
  try {
    result = await promise;
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new ApiFailure('Cannot reach the codepakt server', 0, 'unreachable');
  }
  if (result.response.ok && result.data !== undefined) return result.data;
  if (result.response.status === 401) notifyUnauthorized();
  throw describeError(result.error, result.response.status);
}

const unauthorizedListeners = new Set<() => void>();
export function onUnauthorized(fn: () => void): () => void {
  unauthorizedListeners.add(fn);
  return () => unauthorizedListeners.delete(fn);
}
export function notifyUnauthorized(): void {
  for (const fn of unauthorizedListeners) fn();
}

export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}
