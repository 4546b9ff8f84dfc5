import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** Every error code the API can answer with, and the HTTP status it travels with. */
export const ERROR_STATUS = {
  validation_error: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  project_not_found: 404,
  task_not_found: 404,
  doc_not_found: 404,
  agent_not_found: 404,
  no_tasks_available: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  internal_error: 500,
  project_unavailable: 503,
  /** The disk holding the project's database is full: nothing was written; free space and retry. */
  disk_full: 503,
  shutting_down: 503,
  /** The database server cannot be reached (connection lost or refused); retry once it is back. */
  storage_unavailable: 503,
} as const satisfies Record<string, ContentfulStatusCode>;

export type ErrorCode = keyof typeof ERROR_STATUS;

export interface ErrorDetail {
  path: string;
  message: string;
}

/** A failure the client caused or must know about; rendered as the error envelope. */
export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly details: ErrorDetail[] | undefined;
  constructor(code: ErrorCode, message: string, details?: ErrorDetail[]) {
    super(message);
    this.code = code;
    this.details = details;
  }
  get status(): ContentfulStatusCode {
    return ERROR_STATUS[this.code];
  }
}

/**
 * Storage-neutral failures, raised by any store whatever its backend; each message says what is wrong
 * and what to do. The codes are the API's own: a read-only store is unavailable for writing.
 */
export function projectUnavailable(message: string): ApiError {
  return new ApiError('project_unavailable', message);
}

/** Nothing was written: the storage is full. */
export function storageFull(message: string): ApiError {
  return new ApiError('disk_full', message);
}

/** The database server cannot be reached; the request may be retried once it is back. */
export function storageUnavailable(message: string): ApiError {
  return new ApiError('storage_unavailable', message);
}

/** Reads work, writes are refused. */
export function storageReadOnly(message: string): ApiError {
  return new ApiError('project_unavailable', message);
}
