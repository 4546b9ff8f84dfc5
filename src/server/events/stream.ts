import { createRoute, z } from '@hono/zod-openapi';
import { streamSSE } from 'hono/streaming';
import type { EventRecord } from '../../core/types.js';
import { type App, type AppDeps, ProjectQuery, READ_ERRORS } from '../router.js';
import { errorResponses } from '../errors.js';

export const HEARTBEAT_MS = 15_000;
const BACKLOG_PAGE = 500;

const route = createRoute({
  method: 'get',
  path: '/api/events/stream',
  operationId: 'streamEvents',
  summary: 'Live Server-Sent Events of the audit log, resumable',
  description:
    'Each event is sent as `id: <event id>`, `event: <type>`, `data: <Event JSON>`. A reconnecting client sends `Last-Event-ID` (or `?after=`) and first receives every event it missed. The stream opens with a `: connected` comment, written once it is subscribed: every event committed after that comment is delivered, so a client may load its initial state then without missing anything. A `: heartbeat` comment is sent every 15 s so proxies keep the connection open.',
  tags: ['events'],
  request: {
    query: ProjectQuery.extend({ after: z.coerce.number().int().min(0).optional().openapi({ description: 'Resume after this event id (Last-Event-ID wins when both are given)' }) }),
    headers: z.object({ 'last-event-id': z.string().max(20).regex(/^\d*$/, 'must be an event id').optional() }),
  },
  responses: {
    200: {
      description: 'An endless `text/event-stream`',
      content: { 'text/event-stream': { schema: z.string().openapi({ example: 'id: 42\nevent: task.pickup\ndata: {"id":42,"type":"task.pickup",…}\n\n' }) } },
    },
    ...errorResponses(...READ_ERRORS),
  },
});

export function registerStreamEvents(app: App, deps: AppDeps): void {
  app.openapi(route, async (c) => {
    const { project_id, after } = c.req.valid('query');
    const lastEventId = c.req.valid('header')['last-event-id'];
    const store = deps.hub.store(project_id);
    let cursor = lastEventId ? Number(lastEventId) : (after ?? undefined);

    return streamSSE(c, async (stream) => {
      // Subscribe before reading the backlog so nothing committed in between is missed.
      const live: EventRecord[] = [];
      let wake: (() => void) | undefined;
      const unsubscribe = deps.bus.subscribe(project_id, (e) => {
        live.push(e);
        wake?.();
      });
      // Removed again when this stream ends: the shutdown signal lives as long as the server.
      let onShutdown: (() => void) | undefined;
      const closed = new Promise<void>((resolve) => {
        stream.onAbort(resolve);
        onShutdown = () => resolve();
        if (deps.shutdown?.aborted) resolve();
        deps.shutdown?.addEventListener('abort', onShutdown, { once: true });
      });
      let open = true;
      void closed.then(() => {
        open = false;
        wake?.();
      });
      const send = async (e: EventRecord) => {
        if (cursor !== undefined && e.id <= cursor) return;
        await stream.writeSSE({ id: String(e.id), event: e.type, data: JSON.stringify(e) });
        cursor = e.id;
      };
      try {
        await stream.write(': connected\n\n');
        if (cursor === undefined) {
          // A fresh subscriber starts from now: whatever committed after subscribing is sent.
          cursor = live.length > 0 ? live[0]!.id - 1 : await store.latestEventId();
        } else {
          for (;;) {
            const page = await store.listEvents({ after: cursor, limit: BACKLOG_PAGE });
            for (const e of page) await send(e);
            if (page.length < BACKLOG_PAGE) break;
          }
        }
        while (open) {
          while (live.length > 0) await send(live.shift()!);
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, HEARTBEAT_MS);
            wake = () => {
              clearTimeout(timer);
              resolve();
            };
          });
          wake = undefined;
          if (open && live.length === 0) await stream.write(': heartbeat\n\n');
        }
      } finally {
        unsubscribe();
        if (onShutdown) deps.shutdown?.removeEventListener('abort', onShutdown);
      }
    });
  });
}
