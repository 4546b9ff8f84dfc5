import { createRoute } from '@hono/zod-openapi';
import type { App } from '../router.js';
import type { AppDeps } from '../deps.js';
import { dataOf, jsonContent } from '../route-bodies.js';
import { errorResponses } from '../errors.js';
import { ProjectCheckSchema, ProjectIdParam } from './schemas.js';

const route = createRoute({
  method: 'post',
  path: '/api/projects/{id}/check',
  operationId: 'checkProject',
  summary: "Run a full integrity check of the project's database",
  description:
    "SQLite's `integrity_check` over every page and index, off the event loop (seconds for a large project). Damage found makes the project unavailable (503 `project_unavailable` naming the file) until the file is restored. Answers 200 either way; `ok` says whether it is sound.",
  tags: ['projects'],
  request: { params: ProjectIdParam },
  responses: { 200: jsonContent(dataOf(ProjectCheckSchema), 'The check ran'), ...errorResponses(400, 404) },
});

export function registerCheckProject(app: App, deps: AppDeps): void {
  app.openapi(route, async (c) => c.json({ data: await deps.catalog.check(c.req.valid('param').id) }, 200));
}
