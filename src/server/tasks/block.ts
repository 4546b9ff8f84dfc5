import { createRoute } from '@hono/zod-openapi';
import { type App, type AppDeps, dataOf, jsonBody, jsonContent, ProjectQuery, WRITE_ERRORS } from '../router.js';
import { errorResponses } from '../errors.js';
import { BlockBodySchema, TaskRefParam, TaskSchema } from './schemas.js';

const route = createRoute({
  method: 'post',
  path: '/api/tasks/{id}/block',
  operationId: 'blockTask',
  summary: 'Block a task with a reason (backlog, open or in-progress → blocked)',
  tags: ['tasks'],
  request: { params: TaskRefParam, query: ProjectQuery, body: jsonBody(BlockBodySchema) },
  responses: { 200: jsonContent(dataOf(TaskSchema), 'The blocked task'), ...errorResponses(...WRITE_ERRORS, 409) },
});

export function registerBlockTask(app: App, deps: AppDeps): void {
  app.openapi(route, async (c) => {
    const { reason, agent } = c.req.valid('json');
    const task = await deps.hub.store(c.req.valid('query').project_id, { writing: true }).tasks.block(c.req.valid('param').id, { reason, actor: agent ?? 'human' });
    return c.json({ data: task }, 200);
  });
}
