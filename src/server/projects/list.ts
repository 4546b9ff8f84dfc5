import { createRoute, z } from '@hono/zod-openapi';
import type { App } from '../router.js';
import type { AppDeps } from '../deps.js';
import { dataOf, jsonContent } from '../route-bodies.js';
import { ProjectSchema } from './schemas.js';

const route = createRoute({
  method: 'get',
  path: '/api/projects',
  operationId: 'listProjects',
  summary: 'List registered projects',
  tags: ['projects'],
  responses: { 200: jsonContent(dataOf(z.array(ProjectSchema)), 'Projects') },
});

export function registerListProjects(app: App, deps: AppDeps): void {
  app.openapi(route, async (c) => c.json({ data: await deps.catalog.list() }, 200));
}
