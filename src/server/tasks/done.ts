import { createRoute } from '@hono/zod-openapi';
import { type App, inOrder } from '../router.js';
import type { AppDeps } from '../deps.js';
import { dataOf, jsonContent } from '../route-bodies.js';
import { WRITE_ERRORS, type ProjectScope } from '../middleware/project.js';
import { errorResponses } from '../errors.js';
import {
  ACTING_FORBIDDEN,
  agentOf,
  assertMayOverride,
  AgentQuery,
  emptyBodyIsObject,
  optionalJsonBody,
} from './agent-param.js';
import { DoneBodySchema, TaskRefParam, TaskSchema } from './schemas.js';
import { inProject } from '../in-project.js';

const route = (openProject: ProjectScope) =>
  createRoute({
    method: 'post',
    path: '/api/tasks/{id}/done',
    operationId: 'completeTask',
    summary: 'Report a task done (in-progress → review), or approve it (review → done)',
    description:
      "Only the assignee may complete an in-progress task unless `force` is set; anyone may approve a review task. `verify` records how the task's verify command went (refused with 409 when it failed or timed out). Completing releases the files the claim held. Dependents whose dependencies are all in review/done open in the same transaction.",
    tags: ['tasks'],
    middleware: inOrder(openProject, emptyBodyIsObject),
    request: { params: TaskRefParam, query: AgentQuery, body: optionalJsonBody(DoneBodySchema) },
    responses: {
      200: jsonContent(dataOf(TaskSchema), 'The task in review (or done)'),
      ...errorResponses(...WRITE_ERRORS, 409),
      ...ACTING_FORBIDDEN,
    },
  });

export function registerCompleteTask(app: App, deps: AppDeps): void {
  app.openapi(route(deps.openProject), async (c) => {
    const body = c.req.valid('json');
    const query = c.req.valid('query');
    assertMayOverride(c.var.caller, body.force ? ['force'] : []);
    const task = await c.var.store.tasks.done(c.req.valid('param').id, {
      ...body,
      agent: agentOf(c.var.caller, ['agent', body.agent], ['?agent', query.agent]),
    });
    return c.json({ data: inProject(query.project_id, task) }, 200);
  });
}
