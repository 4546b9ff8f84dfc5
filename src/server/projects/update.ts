import { createRoute } from '@hono/zod-openapi';
import type { App } from '../router.js';
import type { AppDeps } from '../deps.js';
import { dataOf, jsonBody, jsonContent } from '../route-bodies.js';
import { errorResponses } from '../errors.js';
import { ProjectIdParam, ProjectSchema, UpdateProjectSchema } from './schemas.js';

const route = createRoute({
  method: 'patch',
  path: '/api/projects/{id}',
  operationId: 'updateProject',
  summary: 'Rename a project or change its lease settings',
  tags: ['projects'],
  request: { params: ProjectIdParam, body: jsonBody(UpdateProjectSchema) },
  responses: { 200: jsonContent(dataOf(ProjectSchema), 'The updated project'), ...errorResponses(400, 404, 415, 503) },
});

export function registerUpdateProject(app: App, deps: AppDeps): void {
  app.openapi(route, async (c) => {
    const project = await deps.catalog.update(c.req.valid('param').id, c.req.valid('json'), 'human');
    return c.json({ data: project }, 200);
  });
}
