import { createRoute } from '@hono/zod-openapi';
import type { App } from '../router.js';
import type { AppDeps } from '../deps.js';
import { dataOf, jsonContent } from '../route-bodies.js';
import { errorResponses } from '../errors.js';
import { ProjectIdParam, ProjectSchema } from './schemas.js';

const route = createRoute({
  method: 'get',
  path: '/api/projects/{id}',
  operationId: 'getProject',
  summary: 'Get a project and its settings',
  tags: ['projects'],
  request: { params: ProjectIdParam },
  responses: { 200: jsonContent(dataOf(ProjectSchema), 'The project'), ...errorResponses(400, 404, 503) },
});

export function registerGetProject(app: App, deps: AppDeps): void {
  app.openapi(route, async (c) => c.json({ data: await deps.catalog.get(c.req.valid('param').id) }, 200));
}
