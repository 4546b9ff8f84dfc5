import type { ServerResponse } from 'node:http';
import type { App } from '../router.js';
import type { AppDeps } from '../deps.js';
import { ProjectQuery, READ_ERRORS, type ProjectScope } from '../middleware/project.js';
import { createRoute, z } from '@hono/zod-openapi';
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';
import { errorResponses } from '../errors.js';
import { openEventStream, serveEventStream } from './sse-stream.js';

export const HEARTBEAT_MS = 15_000;

const route = (openProject: ProjectScope) =>
  createRoute({
    method: 'get',
    path: '/api/events/stream',
    operationId: 'streamEvents',
    summary: 'Live Server-Sent Events of the audit log, resumable',
    description:
      'Each event is sent as `id: <event id>`, `event: <type>`, `data: <Event JSON>`. A reconnecting client sends `Last-Event-ID` (or `?after=`) and first receives every event it missed. The stream opens with a `: connected` comment, written once it is subscribed: every event committed after that comment is delivered, so a client may load its initial state then without missing anything. A `: heartbeat` comment is sent every 15 s so proxies keep the connection open.',
    tags: ['events'],
    middleware: openProject,
    request: {
      query: ProjectQuery.extend({
        after: z.coerce
          .number()
          .int()
          .min(0)
          .optional()
          .openapi({ description: 'Resume after this event id (Last-Event-ID wins when both are given)' }),
      }),
      headers: z.object({ 'last-event-id': z.string().max(20).regex(/^\d*$/, 'must be an event id').optional() }),
    },
    responses: {
      200: {
        description: 'An endless `text/event-stream`',
        content: {
          'text/event-stream': {
            schema: z
              .string()
              .openapi({ example: 'id: 42\nevent: task.pickup\ndata: {"id":42,"type":"task.pickup",…}\n\n' }),
          },
        },
      },
      ...errorResponses(...READ_ERRORS),
    },
  });

const HEADERS = {
  'Content-Type': 'text/event-stream',
  'Cache-Control': 'no-cache',
  Connection: 'keep-alive',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
};

export function registerStreamEvents(app: App, deps: AppDeps): void {
  app.openapi(route(deps.openProject), async (c) => {
    const { project_id, after } = c.req.valid('query');
    const lastEventId = c.req.valid('header')['last-event-id'];
    const options = {
      feeds: deps.feeds,
      projectId: project_id,
      after: lastEventId ? Number(lastEventId) : after,
      // The project's current store at each read: a stream outlives a store reopened after a restore.
      eventsAfter: (from: number, limit: number) => deps.feeds.eventsAfter(project_id, from, limit),
      heartbeatMs: HEARTBEAT_MS,
      end: deps.shutdown,
      headers: HEADERS,
    };
    // On Node's server the stream writes to the response itself; elsewhere (app.request) it is a web stream.
    const outgoing = (c.env as { outgoing?: ServerResponse } | undefined)?.outgoing;
    if (outgoing) {
      await serveEventStream(outgoing, options);
      return RESPONSE_ALREADY_SENT as never;
    }
    return c.body(await openEventStream(options), 200, { ...HEADERS, 'Transfer-Encoding': 'chunked' });
  });
}
