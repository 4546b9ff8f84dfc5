import { createRoute } from '@hono/zod-openapi';
import type { App } from '../router.js';
import type { AppDeps } from '../deps.js';
import { dataOf, jsonBody, jsonContent } from '../route-bodies.js';
import { errorResponses } from '../errors.js';
import { CreateProjectSchema, ProjectSchema } from './schemas.js';

const route = createRoute({
  method: 'post',
  path: '/api/projects',
  operationId: 'createProject',
  summary: 'Register a project folder (idempotent by path)',
  tags: ['projects'],
  request: { body: jsonBody(CreateProjectSchema) },
  responses: {
    200: jsonContent(dataOf(ProjectSchema), 'The folder was already registered: its project'),
    201: jsonContent(dataOf(ProjectSchema), 'Registered'),
    ...errorResponses(400, 415),
  },
});

export function registerCreateProject(app: App, deps: AppDeps): void {
  app.openapi(route, async (c) => {
    const { name, path } = c.req.valid('json');
    const { project, created } = await deps.catalog.register({ name, path });
    return created ? c.json({ data: project }, 201) : c.json({ data: project }, 200);
  });
}
