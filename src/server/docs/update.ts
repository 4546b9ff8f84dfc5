import { createRoute } from '@hono/zod-openapi';
import type { App } from '../router.js';
import type { AppDeps } from '../deps.js';
import { dataOf, jsonBody, jsonContent } from '../route-bodies.js';
import { ProjectQuery, WRITE_ERRORS, type ProjectScope } from '../middleware/project.js';
import { errorResponses } from '../errors.js';
import { DocPatchSchema, DocRefParam, DocSchema } from './schemas.js';
import { inProject } from '../in-project.js';
import { ACTING_FORBIDDEN, actingAs } from '../tasks/agent-param.js';

const route = (openProject: ProjectScope) =>
  createRoute({
    method: 'patch',
    path: '/api/docs/{id}',
    operationId: 'updateDoc',
    summary: 'Change a doc’s type, title, body, section or tags',
    description:
      'Records a `doc.updated` event naming the changed fields. A patch that changes nothing records nothing.',
    tags: ['docs'],
    middleware: openProject,
    request: { params: DocRefParam, query: ProjectQuery, body: jsonBody(DocPatchSchema) },
    responses: {
      200: jsonContent(dataOf(DocSchema), 'The updated doc'),
      ...errorResponses(...WRITE_ERRORS),
      ...ACTING_FORBIDDEN,
    },
  });

export function registerUpdateDoc(app: App, deps: AppDeps): void {
  app.openapi(route(deps.openProject), async (c) => {
    const { actor, ...patch } = c.req.valid('json');
    const doc = await c.var.store.docs.update(
      c.req.valid('param').id,
      patch,
      actingAs(c.var.caller, ['actor', actor]) ?? 'human',
    );
    return c.json({ data: inProject(c.req.valid('query').project_id, doc) }, 200);
  });
}
