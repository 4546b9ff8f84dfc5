import { createRoute } from '@hono/zod-openapi';
import { type App, type AppDeps, dataOf, jsonBody, jsonContent, ProjectQuery, WRITE_ERRORS } from '../router.js';
import { errorResponses } from '../errors.js';
import { DocSchema, NewDocSchema } from './schemas.js';
import { inProject } from '../in-project.js';

const route = createRoute({
  method: 'post',
  path: '/api/docs',
  operationId: 'createDoc',
  summary: 'Write a doc to the knowledge base',
  tags: ['docs'],
  request: { query: ProjectQuery, body: jsonBody(NewDocSchema) },
  responses: { 201: jsonContent(dataOf(DocSchema), 'The new doc'), ...errorResponses(...WRITE_ERRORS) },
});

export function registerCreateDoc(app: App, deps: AppDeps): void {
  app.openapi(route, async (c) => {
    const input = c.req.valid('json');
    const doc = await deps.hub
      .store(c.req.valid('query').project_id, { writing: true })
      .docs.create(input, input.author ?? 'human');
    return c.json({ data: inProject(c.req.valid('query').project_id, doc) }, 201);
  });
}
