import { createRoute } from '@hono/zod-openapi';
import type { App } from '../router.js';
import type { AppDeps } from '../deps.js';
import { dataOf, jsonContent } from '../route-bodies.js';
import { ProjectQuery, READ_ERRORS, type ProjectScope } from '../middleware/project.js';
import { errorResponses } from '../errors.js';
import { TaskRefParam, TaskSchema } from './schemas.js';
import { inProject } from '../in-project.js';

const route = (openProject: ProjectScope) =>
  createRoute({
    method: 'get',
    path: '/api/tasks/{id}',
    operationId: 'getTask',
    summary: 'Show a task by number (T-001) or id',
    tags: ['tasks'],
    middleware: openProject,
    request: { params: TaskRefParam, query: ProjectQuery },
    responses: { 200: jsonContent(dataOf(TaskSchema), 'The task'), ...errorResponses(...READ_ERRORS) },
  });

export function registerGetTask(app: App, deps: AppDeps): void {
  app.openapi(route(deps.openProject), async (c) => {
    const task = await c.var.store.tasks.get(c.req.valid('param').id);
    return c.json({ data: inProject(c.req.valid('query').project_id, task) }, 200);
  });
}
