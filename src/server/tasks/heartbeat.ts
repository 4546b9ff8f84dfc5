import { createRoute } from '@hono/zod-openapi';
import { type App, type AppDeps, dataOf, jsonBody, jsonContent, ProjectQuery, WRITE_ERRORS } from '../router.js';
import { errorResponses } from '../errors.js';
import { HeartbeatBodySchema, TaskRefParam, TaskSchema } from './schemas.js';

const route = createRoute({
  method: 'post',
  path: '/api/tasks/{id}/heartbeat',
  operationId: 'heartbeatTask',
  summary: "Extend the caller's lease on an in-progress task (409 if it no longer holds it)",
  tags: ['tasks'],
  request: { params: TaskRefParam, query: ProjectQuery, body: jsonBody(HeartbeatBodySchema) },
  responses: { 200: jsonContent(dataOf(TaskSchema), 'The task with its new lease'), ...errorResponses(...WRITE_ERRORS, 409) },
});

export function registerHeartbeatTask(app: App, deps: AppDeps): void {
  app.openapi(route, async (c) => {
    const task = await deps.hub.store(c.req.valid('query').project_id, { writing: true }).tasks.heartbeat(c.req.valid('param').id, c.req.valid('json'));
    return c.json({ data: task }, 200);
  });
}
