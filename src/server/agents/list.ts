import { createRoute, z } from '@hono/zod-openapi';
import { type App, type AppDeps, dataOf, jsonContent, ProjectQuery, READ_ERRORS } from '../router.js';
import { errorResponses } from '../errors.js';
import { AgentSchema } from './schemas.js';
import { allInProject } from '../in-project.js';

const route = createRoute({
  method: 'get',
  path: '/api/agents',
  operationId: 'listAgents',
  summary: 'Agents that have used this project, with derived status',
  tags: ['agents'],
  request: { query: ProjectQuery },
  responses: { 200: jsonContent(dataOf(z.array(AgentSchema)), 'Agents'), ...errorResponses(...READ_ERRORS) },
});

export function registerListAgents(app: App, deps: AppDeps): void {
  app.openapi(route, async (c) =>
    c.json(
      {
        data: allInProject(
          c.req.valid('query').project_id,
          await deps.hub.store(c.req.valid('query').project_id).tasks.agents(),
        ),
      },
      200,
    ),
  );
}
