import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';

export { ApiError, ERROR_STATUS, type ErrorCode, type ErrorDetail } from '../core/errors.js';
import { ApiError, ERROR_STATUS, type ErrorCode, type ErrorDetail } from '../core/errors.js';

/** Every code the API answers with, so clients compare typed codes rather than free strings. */
export const ErrorCodeSchema = z.enum(Object.keys(ERROR_STATUS) as [ErrorCode, ...ErrorCode[]]).openapi('ErrorCode', {
  description: 'What went wrong, for programs; `message` says it for people',
  example: 'validation_error',
});

export const ErrorSchema = z
  .object({
    error: ErrorCodeSchema,
    message: z.string().openapi({ example: 'title: Required' }),
    details: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .openapi('Error');

export interface ErrorBody {
  error: ErrorCode;
  message: string;
  details?: ErrorDetail[];
}

export function errorBody(code: ErrorCode, message: string, details?: ErrorDetail[]): ErrorBody {
  return details && details.length > 0 ? { error: code, message, details } : { error: code, message };
}

export function errorResponse(c: Context, err: ApiError): Response {
  return c.json(errorBody(err.code, err.message, err.details), err.status);
}

interface Issue {
  path: ReadonlyArray<PropertyKey>;
  message: string;
  code?: string;
  keys?: readonly string[];
  /** invalid_union: the issues of each alternative. */
  errors?: ReadonlyArray<ReadonlyArray<Issue>>;
}

/** Turn zod issues into `details`, naming each field by its dotted path. */
export function issuesToDetails(issues: ReadonlyArray<Issue>): ErrorDetail[] {
  return issues.flatMap((issue): ErrorDetail[] => {
    const base = issue.path.map((p) => String(p));
    // A union (one task or a batch of them) only says "Invalid input". Name the fields of the one
    // alternative whose shape the input has, i.e. the only one not refusing the value's type outright.
    if (issue.code === 'invalid_union' && issue.errors) {
      const meant = issue.errors.filter((alt) => !alt.some((i) => i.path.length === 0 && i.code === 'invalid_type'));
      if (meant.length === 1)
        return issuesToDetails(meant[0]!.map((i) => ({ ...i, path: [...issue.path, ...i.path] })));
    }
    // zod reports unknown fields on their parent object; name each unknown field itself.
    if (issue.code === 'unrecognized_keys' && issue.keys && issue.keys.length > 0) {
      return issue.keys.map((key) => ({ path: [...base, key].join('.'), message: 'Unknown field' }));
    }
    return [{ path: base.join('.') || '(root)', message: issue.message }];
  });
}

export function validationError(details: ErrorDetail[]): ApiError {
  const summary = details
    .slice(0, 3)
    .map((d) => `${d.path}: ${d.message}`)
    .join('; ');
  return new ApiError('validation_error', summary || 'Invalid request', details);
}

/** Response entries for a route's declared error statuses, all sharing the envelope. */
export function errorResponses<S extends number>(...statuses: S[]) {
  const descriptions: Record<number, string> = {
    400: 'Invalid request; `details` names each offending field',
    401: 'Missing or wrong bearer token',
    403: 'Request refused (foreign origin or host)',
    404: 'Not found',
    409: 'Conflict with the current state',
    413: 'Request body too large',
    415: 'Request body must be application/json',
    503: 'Project storage unavailable (`project_unavailable`), its disk full (`disk_full`: nothing was written; free space and retry), the database server unreachable (`storage_unavailable`: retry), or the server is shutting down (`shutting_down`)',
  };
  const out = {} as Record<S, { description: string; content: { 'application/json': { schema: typeof ErrorSchema } } }>;
  for (const s of statuses) {
    out[s] = { description: descriptions[s] ?? 'Error', content: { 'application/json': { schema: ErrorSchema } } };
  }
  return out;
}
