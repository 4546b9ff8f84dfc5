import { createRoute, z } from '@hono/zod-openapi';
import type { App } from '../router.js';
import type { AppDeps } from '../deps.js';
import { dataOf, jsonContent } from '../route-bodies.js';
import { ProjectQuery, READ_ERRORS, type ProjectScope } from '../middleware/project.js';
import { errorResponses } from '../errors.js';
import { AgentSchema } from './schemas.js';
import { inProject } from '../in-project.js';

const route = (openProject: ProjectScope) =>
  createRoute({
    method: 'get',
    path: '/api/agents/{name}',
    operationId: 'getAgent',
    summary: 'One agent',
    tags: ['agents'],
    middleware: openProject,
    request: {
      params: z.object({
        name: z
          .string()
          .min(1)
          .max(100)
          .openapi({ param: { name: 'name', in: 'path' }, example: 'claude-1' }),
      }),
      query: ProjectQuery,
    },
    responses: { 200: jsonContent(dataOf(AgentSchema), 'The agent'), ...errorResponses(...READ_ERRORS) },
  });

export function registerGetAgent(app: App, deps: AppDeps): void {
  app.openapi(route(deps.openProject), async (c) =>
    c.json(
      {
        data: inProject(c.req.valid('query').project_id, await c.var.store.tasks.agent(c.req.valid('param').name)),
      },
      200,
    ),
  );
}
