import type { MiddlewareHandler } from 'hono';
import type { BlankEnv } from 'hono/types';
import { ProjectQuery } from '../middleware/project.js';
import type { z } from '@hono/zod-openapi';
import { validationError } from '../errors.js';
import { AgentName } from './schemas.js';

/**
 * `?agent=` beside `project_id`: codepakt 0.2 clients send the agent in the query string, ours in the
 * body. Both are accepted; when both are given the body wins.
 */
export const AgentQuery = ProjectQuery.extend({
  agent: AgentName.optional().openapi({
    description: "Agent name, as codepakt 0.2 sent it; the body's `agent` wins when both are given",
  }),
});

/** The agent of a request: the body's, else the query's; a 400 naming `agent` when neither has one. */
export function agentOf(body: { agent?: string | undefined }, query: { agent?: string | undefined }): string {
  const agent = body.agent ?? query.agent;
  if (agent === undefined)
    throw validationError([{ path: 'agent', message: 'Required: give it in the body or as ?agent=' }]);
  return agent;
}

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
