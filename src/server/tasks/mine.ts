import { createRoute, z } from '@hono/zod-openapi';
import { type App, type AppDeps, dataOf, jsonContent, ProjectQuery, READ_ERRORS } from '../router.js';
import { errorResponses } from '../errors.js';
import { AgentName, TaskSchema } from './schemas.js';
import { allInProject } from '../in-project.js';

const route = createRoute({
  method: 'get',
  path: '/api/tasks/mine',
  operationId: 'listMyTasks',
  summary: "An agent's in-progress and review tasks",
  tags: ['tasks'],
  request: { query: ProjectQuery.extend({ agent: AgentName }) },
  responses: { 200: jsonContent(dataOf(z.array(TaskSchema)), 'The tasks'), ...errorResponses(...READ_ERRORS) },
});

export function registerMyTasks(app: App, deps: AppDeps): void {
  app.openapi(route, async (c) => {
    const { project_id, agent } = c.req.valid('query');
    return c.json({ data: allInProject(project_id, await deps.hub.store(project_id).tasks.mine(agent)) }, 200);
  });
}
