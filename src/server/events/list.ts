import { createRoute, z } from '@hono/zod-openapi';
import { type App, type AppDeps, jsonContent, ProjectQuery, READ_ERRORS } from '../router.js';
import { errorResponses } from '../errors.js';
import { EventSchema } from './schemas.js';

export const EventFilterQuery = ProjectQuery.extend({
  type: z.string().max(100).optional().openapi({ description: 'Exact type, or a prefix ending in `*` (`task.*`)' }),
  entity_id: z.string().max(100).optional(),
  actor: z.string().max(100).optional(),
});

const route = createRoute({
  method: 'get',
  path: '/api/events',
  operationId: 'listEvents',
  summary: 'The audit log, oldest first, paged by `after`',
  tags: ['events'],
  request: {
    query: EventFilterQuery.extend({
      after: z.coerce.number().int().min(0).optional().openapi({ description: 'Only events with a greater id' }),
      limit: z.coerce.number().int().min(1).max(1000).default(100),
    }),
  },
  responses: {
    200: jsonContent(z.object({ data: z.array(EventSchema), next_after: z.number().int().nullable().openapi({ description: 'Pass as `after` for the next page; null when this page was not full' }) }), 'Events'),
    ...errorResponses(...READ_ERRORS),
  },
});

export function registerListEvents(app: App, deps: AppDeps): void {
  app.openapi(route, async (c) => {
    const { project_id, ...query } = c.req.valid('query');
    const events = await deps.hub.store(project_id).listEvents(query);
    const last = events[events.length - 1];
    return c.json({ data: events, next_after: events.length === query.limit && last ? last.id : null }, 200);
  });
}
