import { OpenAPIHono } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { issuesToDetails, validationError } from './errors.js';
import type { Caller } from './middleware/auth.js';

/** `caller`: who the request's bearer token speaks for (middleware/auth.ts), on every /api route. */
export type AppEnv = { Variables: { requestId: string; caller: Caller } };
export type App = OpenAPIHono<AppEnv>;

/** The typed Hono app every route is registered on; a request that fails validation answers 400 naming each field. */
export function createRouter(): App {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) throw validationError(issuesToDetails(result.error.issues));
    },
  });
}

/**
 * A route's middleware in order, typed as a tuple: zod-openapi gives the handler the `c.var` the
 * middleware declare only for a tuple (not for an `as const` array).
 */
export function inOrder<M extends MiddlewareHandler[]>(...middleware: M): M {
  return middleware;
}
