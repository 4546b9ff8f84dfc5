import { createRoute } from '@hono/zod-openapi';
import type { App } from '../router.js';
import type { AppDeps } from '../deps.js';
import { dataOf, jsonBody, jsonContent } from '../route-bodies.js';
import { WRITE_ERRORS, type ProjectScope } from '../middleware/project.js';
import { errorResponses } from '../errors.js';
import { ACTING_FORBIDDEN, actingAs, AgentQuery } from './agent-param.js';
import { inProject } from '../in-project.js';
import { ReasonBodySchema, TaskRefParam, TaskSchema } from './schemas.js';

const route = (openProject: ProjectScope) =>
  createRoute({
    method: 'post',
    path: '/api/tasks/{id}/reject',
    operationId: 'rejectTask',
    summary: 'Send a task in review back to its implementer (→ in-progress, fresh lease) with the reason as a note',
    description:
      'A review task with no assignee goes back to the board (open, or backlog while dependencies are unmet). Dependents that were waiting on it go back to backlog.',
    tags: ['tasks'],
    middleware: openProject,
    request: { params: TaskRefParam, query: AgentQuery, body: jsonBody(ReasonBodySchema) },
    responses: {
      200: jsonContent(dataOf(TaskSchema), 'The task, back with its implementer'),
      ...errorResponses(...WRITE_ERRORS, 409),
      ...ACTING_FORBIDDEN,
    },
  });

export function registerRejectTask(app: App, deps: AppDeps): void {
  app.openapi(route(deps.openProject), async (c) => {
    const { reason, agent } = c.req.valid('json');
    const query = c.req.valid('query');
    const task = await c.var.store.tasks.reject(c.req.valid('param').id, {
      reason,
      actor: actingAs(c.var.caller, ['agent', agent], ['?agent', query.agent]) ?? 'human',
    });
    return c.json({ data: inProject(query.project_id, task) }, 200);
  });
}
