import { createRoute } from '@hono/zod-openapi';
import { type App, inOrder } from '../router.js';
import type { AppDeps } from '../deps.js';
import { dataOf, jsonBody, jsonContent } from '../route-bodies.js';
import { WRITE_ERRORS, type ProjectScope } from '../middleware/project.js';
import { errorResponses } from '../errors.js';
import { ACTING_FORBIDDEN, agentOf, AgentQuery } from '../tasks/agent-param.js';
import { ReserveBodySchema } from './bodies.js';
import type { ReservationExpiry } from './expiry.js';
import { ReservationSchema } from './schemas.js';

const route = (openProject: ProjectScope) =>
  createRoute({
    method: 'post',
    path: '/api/files/reservations',
    operationId: 'reserveFiles',
    summary: 'Reserve files for work outside a task (exclusive unless shared)',
    description:
      'Refused with 409 naming the holder, its files and when it ends when a glob overlaps a live claim or reservation of another agent (two shared reservations may overlap). Overlap is decided exactly: some path matches both globs. Expired reservations never block.',
    tags: ['files'],
    middleware: inOrder(openProject),
    request: { query: AgentQuery, body: jsonBody(ReserveBodySchema) },
    responses: {
      201: jsonContent(dataOf(ReservationSchema), 'The reservation'),
      ...errorResponses(...WRITE_ERRORS, 409),
      ...ACTING_FORBIDDEN,
    },
  });

export function registerReserveFiles(app: App, deps: AppDeps, expiry: ReservationExpiry): void {
  app.openapi(route(deps.openProject), async (c) => {
    const body = c.req.valid('json');
    const query = c.req.valid('query');
    const agent = agentOf(c.var.caller, ['agent', body.agent], ['?agent', query.agent]);
    const reservation = await c.var.store.files.reserve({ ...body, agent });
    expiry.schedule(query.project_id, reservation.expires_at, deps.clock.now());
    return c.json({ data: reservation }, 201);
  });
}
