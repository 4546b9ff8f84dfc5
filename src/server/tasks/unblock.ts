import { createRoute } from '@hono/zod-openapi';
import { type App, inOrder } from '../router.js';
import type { AppDeps } from '../deps.js';
import { dataOf, jsonContent } from '../route-bodies.js';
import { WRITE_ERRORS, type ProjectScope } from '../middleware/project.js';
import { errorResponses } from '../errors.js';
import { ACTING_FORBIDDEN, actingAs, AgentQuery, emptyBodyIsObject, optionalJsonBody } from './agent-param.js';
import { TaskRefParam, TaskSchema, UnblockBodySchema } from './schemas.js';
import { inProject } from '../in-project.js';

const route = (openProject: ProjectScope) =>
  createRoute({
    method: 'post',
    path: '/api/tasks/{id}/unblock',
    operationId: 'unblockTask',
    summary: 'Unblock a task (→ open, or backlog while dependencies are unmet); clears reason and assignee',
    description: 'The body is optional; an empty body reads as `{}`.',
    tags: ['tasks'],
    middleware: inOrder(openProject, emptyBodyIsObject),
    request: { params: TaskRefParam, query: AgentQuery, body: optionalJsonBody(UnblockBodySchema) },
    responses: {
      200: jsonContent(dataOf(TaskSchema), 'The unblocked task'),
      ...errorResponses(...WRITE_ERRORS, 409),
      ...ACTING_FORBIDDEN,
    },
  });

export function registerUnblockTask(app: App, deps: AppDeps): void {
  app.openapi(route(deps.openProject), async (c) => {
    const body = c.req.valid('json');
    const query = c.req.valid('query');
    const task = await c.var.store.tasks.unblock(c.req.valid('param').id, {
      actor: actingAs(c.var.caller, ['agent', body.agent], ['?agent', query.agent]) ?? 'human',
    });
    return c.json({ data: inProject(query.project_id, task) }, 200);
  });
}
