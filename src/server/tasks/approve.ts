import { createRoute } from '@hono/zod-openapi';
import { type App, inOrder } from '../router.js';
import type { AppDeps } from '../deps.js';
import { dataOf, jsonContent } from '../route-bodies.js';
import { WRITE_ERRORS, type ProjectScope } from '../middleware/project.js';
import { errorResponses } from '../errors.js';
import { ACTING_FORBIDDEN, actingAs, AgentQuery, emptyBodyIsObject, optionalJsonBody } from './agent-param.js';
import { inProject } from '../in-project.js';
import { ApproveBodySchema, TaskRefParam, TaskSchema } from './schemas.js';

const route = (openProject: ProjectScope) =>
  createRoute({
    method: 'post',
    path: '/api/tasks/{id}/approve',
    operationId: 'approveTask',
    summary: 'Approve a task in review (→ done); the implementer cannot approve its own work (409)',
    tags: ['tasks'],
    middleware: inOrder(openProject, emptyBodyIsObject),
    request: { params: TaskRefParam, query: AgentQuery, body: optionalJsonBody(ApproveBodySchema) },
    responses: {
      200: jsonContent(dataOf(TaskSchema), 'The approved task'),
      ...errorResponses(...WRITE_ERRORS, 409),
      ...ACTING_FORBIDDEN,
    },
  });

export function registerApproveTask(app: App, deps: AppDeps): void {
  app.openapi(route(deps.openProject), async (c) => {
    const body = c.req.valid('json');
    const query = c.req.valid('query');
    const task = await c.var.store.tasks.approve(c.req.valid('param').id, {
      actor: actingAs(c.var.caller, ['agent', body.agent], ['?agent', query.agent]) ?? 'human',
      notes: body.notes,
    });
    return c.json({ data: inProject(query.project_id, task) }, 200);
  });
}
