import { createRoute } from '@hono/zod-openapi';
import { type App, type AppDeps, dataOf, jsonContent, ProjectQuery, READ_ERRORS } from '../router.js';
import { errorResponses } from '../errors.js';
import { TaskRefParam, TaskSchema } from './schemas.js';
import { inProject } from '../in-project.js';

const route = createRoute({
  method: 'get',
  path: '/api/tasks/{id}',
  operationId: 'getTask',
  summary: 'Show a task by number (T-001) or id',
  tags: ['tasks'],
  request: { params: TaskRefParam, query: ProjectQuery },
  responses: { 200: jsonContent(dataOf(TaskSchema), 'The task'), ...errorResponses(...READ_ERRORS) },
});

export function registerGetTask(app: App, deps: AppDeps): void {
  app.openapi(route, async (c) => {
    const task = await deps.hub.store(c.req.valid('query').project_id).tasks.get(c.req.valid('param').id);
    return c.json({ data: inProject(c.req.valid('query').project_id, task) }, 200);
  });
}
