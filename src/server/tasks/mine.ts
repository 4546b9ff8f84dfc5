import { createRoute, z } from '@hono/zod-openapi';
import type { App } from '../router.js';
import type { AppDeps } from '../deps.js';
import { dataOf, jsonContent } from '../route-bodies.js';
import { ProjectQuery, READ_ERRORS, type ProjectScope } from '../middleware/project.js';
import { errorResponses } from '../errors.js';
import { AgentName, TaskSchema } from './schemas.js';
import { allInProject } from '../in-project.js';
import { ACTING_FORBIDDEN, agentOf } from './agent-param.js';

const route = (openProject: ProjectScope) =>
  createRoute({
    method: 'get',
    path: '/api/tasks/mine',
    operationId: 'listMyTasks',
    summary: "An agent's in-progress and review tasks",
    tags: ['tasks'],
    middleware: openProject,
    request: {
      query: ProjectQuery.extend({
        agent: AgentName.optional().openapi({ description: 'Agent name (default: the agent a bound token names)' }),
      }),
    },
    responses: {
      200: jsonContent(dataOf(z.array(TaskSchema)), 'The tasks'),
      ...errorResponses(...READ_ERRORS),
      ...ACTING_FORBIDDEN,
    },
  });

export function registerMyTasks(app: App, deps: AppDeps): void {
  app.openapi(route(deps.openProject), async (c) => {
    const { project_id, agent: named } = c.req.valid('query');
    const agent = agentOf(c.var.caller, ['?agent', named]);
    return c.json({ data: allInProject(project_id, await c.var.store.tasks.mine(agent)) }, 200);
  });
}
