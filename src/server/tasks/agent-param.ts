import type { MiddlewareHandler } from 'hono';
import type { BlankEnv } from 'hono/types';
import { ProjectQuery } from '../middleware/project.js';
import type { z } from '@hono/zod-openapi';
import { ApiError, ErrorSchema, validationError } from '../errors.js';
import type { Caller } from '../middleware/auth.js';
import { AgentName } from './schemas.js';

/**
 * `?agent=` beside `project_id`: codepakt 0.2 clients send the agent in the query string, ours in the
 * body. Both are accepted; when both are given the body wins. A token bound to an agent is that agent
 * when neither is given.
 */
export const AgentQuery = ProjectQuery.extend({
  agent: AgentName.optional().openapi({
    description:
      "Agent name, as codepakt 0.2 sent it; the body's `agent` wins when both are given (default: the agent a bound token names)",
  }),
});

/** A field of a request that names whom it acts as: its name for messages (`agent`, `?agent`) and its value. */
export type ActingField = readonly [field: string, value: string | null | undefined];

/**
 * Whom a request acts as: the first of `fields` that names someone (the body's before the query's).
 * A token bound to an agent is that agent when none does, and may act as no one else: a field naming
 * another answers 403 `forbidden` naming both. Any other caller acts as whoever it names.
 */
export function actingAs(caller: Caller | undefined, ...fields: ActingField[]): string | undefined {
  const bound = caller?.kind === 'agent' ? caller.name : undefined;
  if (bound !== undefined) {
    const other = fields.filter(([, value]) => value != null && value !== bound);
    if (other.length > 0) {
      const message = (name: string) => `token bound to ${bound} cannot act as ${name}`;
      throw new ApiError(
        'forbidden',
        `Token bound to ${bound} cannot act as ${other.map(([, v]) => v).join(', ')}`,
        other.map(([field, value]) => ({ path: field, message: message(String(value)) })),
      );
    }
  }
  for (const [, value] of fields) if (value != null) return value;
  return bound;
}

/** The agent of a request (see actingAs); a 400 naming `agent` when neither the request nor its token names one. */
export function agentOf(caller: Caller | undefined, ...fields: ActingField[]): string {
  const agent = actingAs(caller, ...fields);
  if (agent === undefined)
    throw validationError([
      { path: 'agent', message: 'Required: give it in the body or as ?agent= (or use a token bound to the agent)' },
    ]);
  return agent;
}

/**
 * The human override (`force`, or setting `status`/`assignee` through update) acts on other agents'
 * claims, so a token bound to one agent may not use it: otherwise it could complete or release another
 * agent's task after all. A person's token or the shared one may.
 */
export function assertMayOverride(caller: Caller | undefined, fields: string[]): void {
  if (caller?.kind !== 'agent' || fields.length === 0) return;
  throw new ApiError(
    'forbidden',
    `Token bound to ${caller.name} cannot use the human override (${fields.join(', ')}); use pickup, done, release or block, or a person's token`,
    fields.map((path) => ({ path, message: `not allowed with a token bound to ${caller.name}` })),
  );
}

/** The 403 of a route that acts as someone: besides the guards, a token bound to another agent. */
export const ACTING_FORBIDDEN = {
  403: {
    description:
      'Refused (`forbidden`): foreign origin or host, or a token bound to an agent naming another in `agent`, `actor` or `author` (body or query), or using the human override (`force`, `status`/`assignee` in an update)',
    content: { 'application/json': { schema: ErrorSchema } },
  },
} as const;

/**
 * An optional JSON body. An empty body sent with `Content-Type: application/json` (what codepakt 0.2
 * sends for `unblock`) reads as `{}` instead of failing as malformed JSON.
 */
export function optionalJsonBody<T extends z.ZodType>(schema: T) {
  return { required: false, content: { 'application/json': { schema } } } as const;
}

export const emptyBodyIsObject: MiddlewareHandler<BlankEnv> = async (c, next) => {
  const type = c.req.header('content-type');
  if (type && /^application\/([\w.-]+\+)?json\b/i.test(type)) {
    const text = await c.req.text();
    if (text.trim() === '') (c.req.bodyCache as Record<string, unknown>).text = Promise.resolve('{}');
  }
  await next();
};
