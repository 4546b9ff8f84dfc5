import { OpenAPIHono } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { NUL_REASON, nulPath } from '../core/rules/text.js';
import { issuesToDetails, validationError } from './errors.js';
import type { Caller } from './middleware/auth.js';

/**
 * `caller`: who the request's bearer token speaks for (middleware/auth.ts), on every /api route;
 * `revoked`: for a token of the token file, aborts when that token is revoked.
 */
export type AppEnv = { Variables: { requestId: string; caller: Caller; revoked?: AbortSignal } };
export type App = OpenAPIHono<AppEnv>;

/**
 * The typed Hono app every route is registered on; a request that fails validation answers 400 naming
 * each field, and so does a NUL character in a body, path or query value (core/rules/text.ts), whatever
 * the store. The search text `q` is let through: it is never stored, and a NUL separates words there.
 */
export function createRouter(): App {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) throw validationError(issuesToDetails(result.error.issues));
      if (result.target === 'json' || result.target === 'param' || result.target === 'query') {
        const data = result.target === 'query' ? withoutSearchText(result.data) : result.data;
        const path = nulPath(data);
        if (path !== undefined) throw validationError([{ path, message: NUL_REASON }]);
      }
    },
  });
}

function withoutSearchText(data: unknown): unknown {
  if (data === null || typeof data !== 'object' || !('q' in data)) return data;
  const { q: _q, ...rest } = data as Record<string, unknown>;
  return rest;
}

/**
 * A route's middleware in order, typed as a tuple: zod-openapi gives the handler the `c.var` the
 * middleware declare only for a tuple (not for an `as const` array).
 */
export function inOrder<M extends MiddlewareHandler[]>(...middleware: M): M {
  return middleware;
}
