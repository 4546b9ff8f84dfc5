import { createRoute } from '@hono/zod-openapi';
import type { App } from '../router.js';
import type { AppDeps } from '../deps.js';
import { dataOf, jsonBody, jsonContent } from '../route-bodies.js';
import { WRITE_ERRORS, type ProjectScope } from '../middleware/project.js';
import { errorResponses } from '../errors.js';
import { ACTING_FORBIDDEN, actingAs, AgentQuery } from './agent-param.js';
import { BlockBodySchema, TaskRefParam, TaskSchema } from './schemas.js';
import { inProject } from '../in-project.js';

const route = (openProject: ProjectScope) =>
  createRoute({
    method: 'post',
    path: '/api/tasks/{id}/block',
    operationId: 'blockTask',
    summary: 'Block a task with a reason (backlog, open or in-progress → blocked)',
    tags: ['tasks'],
    middleware: openProject,
    request: { params: TaskRefParam, query: AgentQuery, body: jsonBody(BlockBodySchema) },
    responses: {
      200: jsonContent(dataOf(TaskSchema), 'The blocked task'),
      ...errorResponses(...WRITE_ERRORS, 409),
      ...ACTING_FORBIDDEN,
    },
  });

export function registerBlockTask(app: App, deps: AppDeps): void {
  app.openapi(route(deps.openProject), async (c) => {
    const { reason, agent } = c.req.valid('json');
    const query = c.req.valid('query');
    const task = await c.var.store.tasks.block(c.req.valid('param').id, {
      reason,
      actor: actingAs(c.var.caller, ['agent', agent], ['?agent', query.agent]) ?? 'human',
    });
    return c.json({ data: inProject(query.project_id, task) }, 200);
  });
}
