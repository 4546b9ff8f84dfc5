import { createRoute, z } from '@hono/zod-openapi';
import type { App } from '../router.js';
import type { AppDeps } from '../deps.js';
import { jsonContent } from '../route-bodies.js';
import { ProjectQuery, READ_ERRORS, type ProjectScope } from '../middleware/project.js';
import { TASK_STATUSES, type TaskStatus } from '../../core/types.js';
import { errorResponses } from '../errors.js';
import { TaskSchema } from './schemas.js';

const StatusList = z
  .string()
  .max(200)
  .refine((s) => s.split(',').every((x) => (TASK_STATUSES as readonly string[]).includes(x.trim())), {
    message: `must be one or more of ${TASK_STATUSES.join(', ')}, comma-separated`,
  })
  .transform((s) => s.split(',').map((x) => x.trim() as TaskStatus));

const route = (openProject: ProjectScope) =>
  createRoute({
    method: 'get',
    path: '/api/tasks',
    operationId: 'listTasks',
    summary: 'List tasks in board order (P0 first, then oldest), paginated',
    tags: ['tasks'],
    middleware: openProject,
    request: {
      query: ProjectQuery.extend({
        status: StatusList.optional().openapi({
          description: 'Status or comma-separated statuses (default: every status but cancelled)',
          example: 'open,in-progress',
        }),
        assignee: z.string().max(100).optional(),
        epic: z.string().max(100).optional(),
        tag: z.string().max(50).optional(),
        limit: z.coerce
          .number()
          .int()
          .min(1)
          .max(1000)
          .default(100)
          .openapi({ description: 'Page size (1–1000, default 100)' }),
        cursor: z.string().max(40).optional().openapi({ description: '`next_cursor` of the previous page' }),
      }),
    },
    responses: {
      200: jsonContent(
        z.object({
          data: z.array(TaskSchema),
          next_cursor: z
            .string()
            .nullable()
            .openapi({ description: 'Pass as `cursor` for the next page; null on the last page' }),
        }),
        'A page of tasks',
      ),
      ...errorResponses(...READ_ERRORS),
    },
  });

export function registerListTasks(app: App, deps: AppDeps): void {
  app.openapi(route(deps.openProject), async (c) => {
    const { project_id, ...filter } = c.req.valid('query');
    // Cancelled tasks stay in the log and answer by number, but are off the board unless asked for.
    const status = filter.status ?? TASK_STATUSES.filter((s) => s !== 'cancelled');
    const page = await c.var.store.tasks.listJson({ ...filter, status }, project_id);
    // The store serialized the tasks (the answer's bulk); the declared schema is still the contract.
    const body = `{"data":${page.tasks_json},"next_cursor":${JSON.stringify(page.next_cursor)}}`;
    return c.body(body, 200, { 'content-type': 'application/json' }) as never;
  });
}
