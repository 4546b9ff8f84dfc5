import { createRoute } from '@hono/zod-openapi';
import { type App, type AppDeps, dataOf, jsonContent, ProjectQuery, READ_ERRORS } from '../router.js';
import { errorResponses } from '../errors.js';
import { DocRefParam, DocSchema } from './schemas.js';
import { inProject } from '../in-project.js';

const route = createRoute({
  method: 'get',
  path: '/api/docs/{id}',
  operationId: 'getDoc',
  summary: 'Read a doc, body included',
  tags: ['docs'],
  request: { params: DocRefParam, query: ProjectQuery },
  responses: { 200: jsonContent(dataOf(DocSchema), 'The doc'), ...errorResponses(...READ_ERRORS) },
});

export function registerGetDoc(app: App, deps: AppDeps): void {
  app.openapi(route, async (c) => {
    const doc = await deps.hub.store(c.req.valid('query').project_id).docs.get(c.req.valid('param').id);
    return c.json({ data: inProject(c.req.valid('query').project_id, doc) }, 200);
  });
}
