import { createRoute } from '@hono/zod-openapi';
import { type App, type AppDeps, dataOf, jsonBody, jsonContent, ProjectQuery, WRITE_ERRORS } from '../router.js';
import { errorResponses } from '../errors.js';
import { DoneBodySchema, TaskRefParam, TaskSchema } from './schemas.js';

const route = createRoute({
  method: 'post',
  path: '/api/tasks/{id}/done',
  operationId: 'completeTask',
  summary: 'Report a task done (in-progress → review), or approve it (review → done)',
  description: 'Only the assignee may complete an in-progress task unless `force` is set; anyone may approve a review task. Dependents whose dependencies are all in review/done open in the same transaction.',
  tags: ['tasks'],
  request: { params: TaskRefParam, query: ProjectQuery, body: jsonBody(DoneBodySchema) },
  responses: { 200: jsonContent(dataOf(TaskSchema), 'The task in review (or done)'), ...errorResponses(...WRITE_ERRORS, 409) },
});

export function registerCompleteTask(app: App, deps: AppDeps): void {
  app.openapi(route, async (c) => {
    const task = await deps.hub.store(c.req.valid('query').project_id, { writing: true }).tasks.done(c.req.valid('param').id, c.req.valid('json'));
    return c.json({ data: task }, 200);
  });
}
