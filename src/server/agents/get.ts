import { createRoute, z } from '@hono/zod-openapi';
import { type App, type AppDeps, dataOf, jsonContent, ProjectQuery, READ_ERRORS } from '../router.js';
import { errorResponses } from '../errors.js';
import { AgentSchema } from './schemas.js';
import { inProject } from '../in-project.js';

const route = createRoute({
  method: 'get',
  path: '/api/agents/{name}',
  operationId: 'getAgent',
  summary: 'One agent',
  tags: ['agents'],
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
  app.openapi(route, async (c) =>
    c.json(
      {
        data: inProject(
          c.req.valid('query').project_id,
          await deps.hub.store(c.req.valid('query').project_id).tasks.agent(c.req.valid('param').name),
        ),
      },
      200,
    ),
  );
}
