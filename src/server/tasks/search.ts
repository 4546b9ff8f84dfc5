import { createRoute, z } from '@hono/zod-openapi';
import type { App } from '../router.js';
import type { AppDeps } from '../deps.js';
import { dataOf, jsonContent } from '../route-bodies.js';
import { ProjectQuery, READ_ERRORS, type ProjectScope } from '../middleware/project.js';
import { TASK_STATUSES, type TaskStatus } from '../../core/types.js';
import { errorResponses } from '../errors.js';
import { TaskSchema } from './schemas.js';
import { allInProject } from '../in-project.js';

// A fresh object, not .extend(): an extension is emitted as a typeless allOf, which strict readers (Scalar) reject.
const TaskSearchHitSchema = z
  .object({
    ...TaskSchema.shape,
    matched_in: z
      .array(z.enum(['title', 'description', 'notes']))
      .openapi({ description: 'Where the words were found' }),
  })
  .openapi('TaskSearchHit');

const route = (openProject: ProjectScope) =>
  createRoute({
    method: 'get',
    path: '/api/tasks/search',
    operationId: 'searchTasks',
    summary: 'Find tasks by words in their title, description or notes; title matches first, then board order',
    description:
      'Every word must appear (as part of a word too: `pass` finds `password`); `"a phrase"` must appear as typed; `-word` leaves out tasks holding it. Cancelled tasks only when `status` asks for them.',
    tags: ['tasks'],
    middleware: openProject,
    request: {
      query: ProjectQuery.extend({
        q: z.string().max(500).openapi({ description: 'What to look for', example: 'stripe webhook' }),
        status: z
          .string()
          .max(200)
          .refine((s) => s.split(',').every((x) => (TASK_STATUSES as readonly string[]).includes(x.trim())), {
            message: `must be one or more of ${TASK_STATUSES.join(', ')}, comma-separated`,
          })
          .transform((s) => s.split(',').map((x) => x.trim() as TaskStatus))
          .optional()
          .openapi({ description: 'Status or comma-separated statuses (default: every status but cancelled)' }),
        limit: z.coerce
          .number()
          .int()
          .min(1)
          .max(500)
          .default(50)
          .openapi({ description: 'At most this many tasks (1–500, default 50)' }),
      }),
    },
    responses: {
      200: jsonContent(dataOf(z.array(TaskSearchHitSchema)), 'Matching tasks, best first'),
      ...errorResponses(...READ_ERRORS),
    },
  });

export function registerSearchTasks(app: App, deps: AppDeps): void {
  app.openapi(route(deps.openProject), async (c) => {
    const { project_id, q, status, limit } = c.req.valid('query');
    const hits = await c.var.store.tasks.search({ q, status, limit });
    return c.json({ data: allInProject(project_id, hits) }, 200);
  });
}
