import { createRoute } from '@hono/zod-openapi';
import { type App, type AppDeps, dataOf, jsonContent, ProjectQuery, WRITE_ERRORS } from '../router.js';
import { errorResponses } from '../errors.js';
import { TaskRefParam, TaskSchema, UnblockBodySchema } from './schemas.js';

const route = createRoute({
  method: 'post',
  path: '/api/tasks/{id}/unblock',
  operationId: 'unblockTask',
  summary: 'Unblock a task (→ open, or backlog while dependencies are unmet); clears reason and assignee',
  tags: ['tasks'],
  request: { params: TaskRefParam, query: ProjectQuery, body: { required: false, content: { 'application/json': { schema: UnblockBodySchema } } } },
  responses: { 200: jsonContent(dataOf(TaskSchema), 'The unblocked task'), ...errorResponses(...WRITE_ERRORS, 409) },
});

export function registerUnblockTask(app: App, deps: AppDeps): void {
  app.openapi(route, async (c) => {
    const body = c.req.valid('json');
    const task = await deps.hub.store(c.req.valid('query').project_id, { writing: true }).tasks.unblock(c.req.valid('param').id, { actor: body.agent ?? 'human' });
    return c.json({ data: task }, 200);
  });
}
