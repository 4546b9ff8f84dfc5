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
    path: '/api/tasks/{id}/cancel',
    operationId: 'cancelTask',
    summary: 'Cancel a task made by mistake or no longer wanted (any unfinished status → cancelled)',
    description:
      'The task stays in the log and answers by number, but leaves the task list (ask for `status=cancelled` to see it). Its dependents no longer wait on it: a cancelled dependency counts as met, so they open in the same transaction.',
    tags: ['tasks'],
    middleware: openProject,
    request: { params: TaskRefParam, query: AgentQuery, body: jsonBody(ReasonBodySchema) },
    responses: {
      200: jsonContent(dataOf(TaskSchema), 'The cancelled task'),
      ...errorResponses(...WRITE_ERRORS, 409),
      ...ACTING_FORBIDDEN,
    },
  });

export function registerCancelTask(app: App, deps: AppDeps): void {
  app.openapi(route(deps.openProject), async (c) => {
    const { reason, agent } = c.req.valid('json');
    const query = c.req.valid('query');
    const task = await c.var.store.tasks.cancel(c.req.valid('param').id, {
      reason,
      actor: actingAs(c.var.caller, ['agent', agent], ['?agent', query.agent]) ?? 'human',
    });
    return c.json({ data: inProject(query.project_id, task) }, 200);
  });
}
