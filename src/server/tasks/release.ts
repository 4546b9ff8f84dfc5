import { createRoute } from '@hono/zod-openapi';
import { type App, type AppDeps, dataOf, jsonContent, WRITE_ERRORS } from '../router.js';
import { errorResponses } from '../errors.js';
import { agentOf, AgentQuery, emptyBodyIsObject, optionalJsonBody } from './agent-param.js';
import { ReleaseBodySchema, TaskRefParam, TaskSchema } from './schemas.js';
import { inProject } from '../in-project.js';

const route = createRoute({
  method: 'post',
  path: '/api/tasks/{id}/release',
  operationId: 'releaseTask',
  summary: 'Give an in-progress task back to the board (→ open)',
  tags: ['tasks'],
  middleware: [emptyBodyIsObject] as const,
  request: { params: TaskRefParam, query: AgentQuery, body: optionalJsonBody(ReleaseBodySchema) },
  responses: { 200: jsonContent(dataOf(TaskSchema), 'The released task'), ...errorResponses(...WRITE_ERRORS, 409) },
});

export function registerReleaseTask(app: App, deps: AppDeps): void {
  app.openapi(route, async (c) => {
    const body = c.req.valid('json');
    const query = c.req.valid('query');
    const task = await deps.hub
      .store(query.project_id, { writing: true })
      .tasks.release(c.req.valid('param').id, { ...body, agent: agentOf(body, query) });
    return c.json({ data: inProject(query.project_id, task) }, 200);
  });
}
