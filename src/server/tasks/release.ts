import { createRoute } from '@hono/zod-openapi';
import { type App, type AppDeps, dataOf, jsonBody, jsonContent, ProjectQuery, WRITE_ERRORS } from '../router.js';
import { errorResponses } from '../errors.js';
import { ReleaseBodySchema, TaskRefParam, TaskSchema } from './schemas.js';

const route = createRoute({
  method: 'post',
  path: '/api/tasks/{id}/release',
  operationId: 'releaseTask',
  summary: 'Give an in-progress task back to the board (→ open)',
  tags: ['tasks'],
  request: { params: TaskRefParam, query: ProjectQuery, body: jsonBody(ReleaseBodySchema) },
  responses: { 200: jsonContent(dataOf(TaskSchema), 'The released task'), ...errorResponses(...WRITE_ERRORS, 409) },
});

export function registerReleaseTask(app: App, deps: AppDeps): void {
  app.openapi(route, async (c) => {
    const task = await deps.hub.store(c.req.valid('query').project_id, { writing: true }).tasks.release(c.req.valid('param').id, c.req.valid('json'));
    return c.json({ data: task }, 200);
  });
}
