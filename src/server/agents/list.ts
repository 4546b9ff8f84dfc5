import { createRoute, z } from '@hono/zod-openapi';
import type { App } from '../router.js';
import type { AppDeps } from '../deps.js';
import { dataOf, jsonContent } from '../route-bodies.js';
import { ProjectQuery, READ_ERRORS, type ProjectScope } from '../middleware/project.js';
import { errorResponses } from '../errors.js';
import { AgentSchema } from './schemas.js';
import { allInProject } from '../in-project.js';

const route = (openProject: ProjectScope) =>
  createRoute({
    method: 'get',
    path: '/api/agents',
    operationId: 'listAgents',
    summary: 'Agents that have used this project, with derived status',
    tags: ['agents'],
    middleware: openProject,
    request: { query: ProjectQuery },
    responses: { 200: jsonContent(dataOf(z.array(AgentSchema)), 'Agents'), ...errorResponses(...READ_ERRORS) },
  });

export function registerListAgents(app: App, deps: AppDeps): void {
  app.openapi(route(deps.openProject), async (c) =>
    c.json(
      {
        data: allInProject(c.req.valid('query').project_id, await c.var.store.tasks.agents()),
      },
      200,
    ),
  );
}
