import { createRoute, z } from '@hono/zod-openapi';
import { type App, inOrder } from '../router.js';
import type { AppDeps } from '../deps.js';
import { dataOf, jsonContent } from '../route-bodies.js';
import { WRITE_ERRORS, type ProjectScope } from '../middleware/project.js';
import { errorResponses } from '../errors.js';
import { ACTING_FORBIDDEN, agentOf, AgentQuery, emptyBodyIsObject, optionalJsonBody } from '../tasks/agent-param.js';
import { ReleaseFilesBodySchema } from './bodies.js';
import { ReservationSchema } from './schemas.js';

const route = (openProject: ProjectScope) =>
  createRoute({
    method: 'post',
    path: '/api/files/release',
    operationId: 'releaseFiles',
    summary: "Release the agent's ad-hoc reservations: those named by id or glob, or all of them",
    description:
      "A task's files are released with the task (done, release, block, a lapsed lease), not here. Releasing nothing is not an error: the answer lists what was released.",
    tags: ['files'],
    middleware: inOrder(openProject, emptyBodyIsObject),
    request: { query: AgentQuery, body: optionalJsonBody(ReleaseFilesBodySchema) },
    responses: {
      200: jsonContent(dataOf(z.array(ReservationSchema)), 'The reservations released'),
      ...errorResponses(...WRITE_ERRORS),
      ...ACTING_FORBIDDEN,
    },
  });

export function registerReleaseFiles(app: App, deps: AppDeps): void {
  app.openapi(route(deps.openProject), async (c) => {
    const body = c.req.valid('json');
    const query = c.req.valid('query');
    const agent = agentOf(c.var.caller, ['agent', body.agent], ['?agent', query.agent]);
    return c.json({ data: await c.var.store.files.release({ ...body, agent }) }, 200);
  });
}
