import { createRoute, z } from '@hono/zod-openapi';
import type { App } from '../router.js';
import type { AppDeps } from '../deps.js';
import { dataOf, jsonContent } from '../route-bodies.js';
import { ProjectQuery, READ_ERRORS, type ProjectScope } from '../middleware/project.js';
import { errorResponses } from '../errors.js';
import { HoldSchema } from './schemas.js';

const route = (openProject: ProjectScope) =>
  createRoute({
    method: 'get',
    path: '/api/files/reservations',
    operationId: 'listFileHolds',
    summary: 'Files held now: the live claims of in-progress tasks and unexpired ad-hoc reservations',
    description:
      "What the git guard (`cpk guard`) checks commits against, and what pickups step around. A claim holds its task's files while its lease lives; a reservation until it expires or is released.",
    tags: ['files'],
    middleware: openProject,
    request: { query: ProjectQuery },
    responses: { 200: jsonContent(dataOf(z.array(HoldSchema)), 'Live holds'), ...errorResponses(...READ_ERRORS) },
  });

export function registerListFileHolds(app: App, deps: AppDeps): void {
  app.openapi(route(deps.openProject), async (c) => c.json({ data: await c.var.store.files.holds() }, 200));
}
