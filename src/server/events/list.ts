import { createRoute, z } from '@hono/zod-openapi';
import type { App } from '../router.js';
import type { AppDeps } from '../deps.js';
import { jsonContent } from '../route-bodies.js';
import { ProjectQuery, READ_ERRORS, type ProjectScope } from '../middleware/project.js';
import { errorResponses } from '../errors.js';
import { EventSchema } from './schemas.js';

export const EventFilterQuery = ProjectQuery.extend({
  type: z.string().max(100).optional().openapi({ description: 'Exact type, or a prefix ending in `*` (`task.*`)' }),
  entity_id: z.string().max(100).optional(),
  actor: z.string().max(100).optional(),
});

const route = (openProject: ProjectScope) =>
  createRoute({
    method: 'get',
    path: '/api/events',
    operationId: 'listEvents',
    summary: 'The audit log, oldest first (or newest first), paged by `after` (or `before`)',
    tags: ['events'],
    middleware: openProject,
    request: {
      query: EventFilterQuery.extend({
        after: z.coerce.number().int().min(0).optional().openapi({ description: 'Only events with a greater id' }),
        before: z.coerce.number().int().min(0).optional().openapi({ description: 'Only events with a smaller id' }),
        order: z.enum(['asc', 'desc']).default('asc').openapi({
          description: 'asc: oldest first (page forward with `after`); desc: newest first (page back with `before`)',
        }),
        limit: z.coerce.number().int().min(1).max(1000).default(100),
        // codepakt 0.2's filters.
        task_id: z
          .string()
          .trim()
          .min(1)
          .max(100)
          .optional()
          .openapi({ description: "Only this task's events: task number (T-001) or id" }),
        agent: z.string().max(100).optional().openapi({ description: 'Same as `actor`' }),
      }),
    },
    responses: {
      200: jsonContent(
        z.object({
          data: z.array(EventSchema),
          next_after: z.number().int().nullable().openapi({
            description: 'Oldest-first: pass as `after` for the next page; null when this page was not full',
          }),
          next_before: z.number().int().nullable().openapi({
            description: 'Newest-first: pass as `before` for the next page; null when this page was not full',
          }),
        }),
        'Events',
      ),
      ...errorResponses(...READ_ERRORS),
    },
  });

export function registerListEvents(app: App, deps: AppDeps): void {
  app.openapi(route(deps.openProject), async (c) => {
    const { project_id, task_id, agent, ...query } = c.req.valid('query');
    const { store } = c.var;
    // A task number names the task whose id the events carry; an unknown task is a 404, not an empty log.
    if (task_id !== undefined) query.entity_id = (await store.tasks.get(task_id)).id;
    if (agent !== undefined) query.actor ??= agent;
    const events = await store.events.list(query);
    const last = events[events.length - 1];
    const full = events.length === query.limit && last !== undefined;
    return c.json(
      {
        data: events,
        next_after: full && query.order === 'asc' ? last.id : null,
        next_before: full && query.order === 'desc' ? last.id : null,
      },
      200,
    );
  });
}
