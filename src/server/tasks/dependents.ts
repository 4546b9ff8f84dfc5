import { createRoute, z } from '@hono/zod-openapi';
import type { App } from '../router.js';
import type { AppDeps } from '../deps.js';
import { dataOf, jsonContent } from '../route-bodies.js';
import { ProjectQuery, READ_ERRORS, type ProjectScope } from '../middleware/project.js';
import { errorResponses } from '../errors.js';
import { TaskRefParam, TaskSchema } from './schemas.js';
import { allInProject } from '../in-project.js';

const route = (openProject: ProjectScope) =>
  createRoute({
    method: 'get',
    path: '/api/tasks/{id}/dependents',
    operationId: 'listTaskDependents',
    summary: 'The tasks that depend on this one (what it blocks), in board order',
    tags: ['tasks'],
    middleware: openProject,
    request: { params: TaskRefParam, query: ProjectQuery },
    responses: {
      200: jsonContent(dataOf(z.array(TaskSchema)), 'Tasks naming this one in depends_on'),
      ...errorResponses(...READ_ERRORS),
    },
  });

export function registerListTaskDependents(app: App, deps: AppDeps): void {
  app.openapi(route(deps.openProject), async (c) => {
    const tasks = await c.var.store.tasks.dependents(c.req.valid('param').id);
    return c.json({ data: allInProject(c.req.valid('query').project_id, tasks) }, 200);
  });
}
