import { createRoute, z } from '@hono/zod-openapi';
import type { App } from '../router.js';
import type { AppDeps } from '../deps.js';
import { dataOf, jsonBody, jsonContent } from '../route-bodies.js';
import { ProjectQuery, WRITE_ERRORS, type ProjectScope } from '../middleware/project.js';
import { errorResponses } from '../errors.js';
import { CreateTasksSchema, TaskSchema } from './schemas.js';
import { ACTING_FORBIDDEN, actingAs } from './agent-param.js';
import type { Task } from '../../core/types.js';

const route = (openProject: ProjectScope) =>
  createRoute({
    method: 'post',
    path: '/api/tasks',
    operationId: 'createTasks',
    summary: 'Create one task or a batch (one transaction)',
    description:
      'A task starts `open`, or `backlog` when a dependency is not yet in review/done (or when asked). Unknown dependency numbers and dependency cycles are rejected with 400 naming them. A batch is all-or-nothing.',
    tags: ['tasks'],
    middleware: openProject,
    request: {
      query: ProjectQuery.extend({
        actor: z
          .string()
          .trim()
          .min(1)
          .max(100)
          .optional()
          .openapi({ description: 'Who creates the tasks (default: the agent a bound token names, else "human")' }),
      }),
      body: jsonBody(CreateTasksSchema),
    },
    responses: {
      201: jsonContent(dataOf(z.union([TaskSchema, z.array(TaskSchema)])), 'Created: the task, or the batch in order'),
      ...errorResponses(...WRITE_ERRORS),
      ...ACTING_FORBIDDEN,
    },
  });

export function registerCreateTasks(app: App, deps: AppDeps): void {
  app.openapi(route(deps.openProject), async (c) => {
    const { project_id, actor } = c.req.valid('query');
    const body = c.req.valid('json');
    const { store } = c.var;
    const created = await store.tasks.create(
      Array.isArray(body) ? body : [body],
      actingAs(c.var.caller, ['?actor', actor]) ?? 'human',
    );
    // The store made these tasks for this answer: each is given its project in place, not copied
    // (a copy of a batch of 1,000 cost ~5 µs a task).
    for (const task of created) Object.assign(task, { project_id });
    const data = created as (Task & { project_id: string })[];
    return c.json({ data: Array.isArray(body) ? data : data[0]! }, 201);
  });
}
