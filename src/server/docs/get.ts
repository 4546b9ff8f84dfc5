import { createRoute } from '@hono/zod-openapi';
import type { App } from '../router.js';
import type { AppDeps } from '../deps.js';
import { dataOf, jsonContent } from '../route-bodies.js';
import { ProjectQuery, READ_ERRORS, type ProjectScope } from '../middleware/project.js';
import { errorResponses } from '../errors.js';
import { DocRefParam, DocSchema } from './schemas.js';
import { inProject } from '../in-project.js';

const route = (openProject: ProjectScope) =>
  createRoute({
    method: 'get',
    path: '/api/docs/{id}',
    operationId: 'getDoc',
    summary: 'Read a doc, body included',
    tags: ['docs'],
    middleware: openProject,
    request: { params: DocRefParam, query: ProjectQuery },
    responses: { 200: jsonContent(dataOf(DocSchema), 'The doc'), ...errorResponses(...READ_ERRORS) },
  });

export function registerGetDoc(app: App, deps: AppDeps): void {
  app.openapi(route(deps.openProject), async (c) => {
    const doc = await c.var.store.docs.get(c.req.valid('param').id);
    return c.json({ data: inProject(c.req.valid('query').project_id, doc) }, 200);
  });
}
