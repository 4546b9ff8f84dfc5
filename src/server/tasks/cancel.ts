import { createRoute } from '@hono/zod-openapi';
import { type App, type AppDeps, dataOf, jsonBody, jsonContent, WRITE_ERRORS } from '../router.js';
import { errorResponses } from '../errors.js';
import { AgentQuery } from './agent-param.js';
import { inProject } from '../in-project.js';
import { ReasonBodySchema, TaskRefParam, TaskSchema } from './schemas.js';

const route = createRoute({
  method: 'post',
  path: '/api/tasks/{id}/cancel',
  operationId: 'cancelTask',
  summary: 'Cancel a task made by mistake or no longer wanted (any unfinished status → cancelled)',
  description:
    'The task stays in the log and answers by number, but leaves the task list (ask for `status=cancelled` to see it). Its dependents no longer wait on it: a cancelled dependency counts as met, so they open in the same transaction.',
  tags: ['tasks'],
  request: { params: TaskRefParam, query: AgentQuery, body: jsonBody(ReasonBodySchema) },
  responses: { 200: jsonContent(dataOf(TaskSchema), 'The cancelled task'), ...errorResponses(...WRITE_ERRORS, 409) },
});

export function registerCancelTask(app: App, deps: AppDeps): void {
  app.openapi(route, async (c) => {
    const { reason, agent } = c.req.valid('json');
    const query = c.req.valid('query');
    const task = await deps.hub
      .store(query.project_id, { writing: true })
      .tasks.cancel(c.req.valid('param').id, { reason, actor: agent ?? query.agent ?? 'human' });
    return c.json({ data: inProject(query.project_id, task) }, 200);
  });
}
