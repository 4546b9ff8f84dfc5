import { createRoute } from '@hono/zod-openapi';
import type { App } from '../router.js';
import type { AppDeps } from '../deps.js';
import { dataOf, jsonBody, jsonContent } from '../route-bodies.js';
import { ProjectQuery, WRITE_ERRORS, type ProjectScope } from '../middleware/project.js';
import { errorResponses } from '../errors.js';
import { DocSchema, NewDocSchema } from './schemas.js';
import { inProject } from '../in-project.js';
import { ACTING_FORBIDDEN, actingAs } from '../tasks/agent-param.js';

const route = (openProject: ProjectScope) =>
  createRoute({
    method: 'post',
    path: '/api/docs',
    operationId: 'createDoc',
    summary: 'Write a doc to the knowledge base',
    tags: ['docs'],
    middleware: openProject,
    request: { query: ProjectQuery, body: jsonBody(NewDocSchema) },
    responses: {
      201: jsonContent(dataOf(DocSchema), 'The new doc'),
      ...errorResponses(...WRITE_ERRORS),
      ...ACTING_FORBIDDEN,
    },
  });

export function registerCreateDoc(app: App, deps: AppDeps): void {
  app.openapi(route(deps.openProject), async (c) => {
    const input = c.req.valid('json');
    // A token bound to an agent writes as that agent: the doc's author and the event's actor.
    const author = actingAs(c.var.caller, ['author', input.author]);
    const doc = await c.var.store.docs.create({ ...input, author: author ?? input.author }, author ?? 'human');
    return c.json({ data: inProject(c.req.valid('query').project_id, doc) }, 201);
  });
}
