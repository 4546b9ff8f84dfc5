import { createRoute } from '@hono/zod-openapi';
import type { App } from '../router.js';
import type { AppDeps } from '../deps.js';
import { dataOf, jsonBody, jsonContent } from '../route-bodies.js';
import { WRITE_ERRORS, type ProjectScope } from '../middleware/project.js';
import { errorResponses } from '../errors.js';
import { TaskPatchSchema, TaskRefParam, TaskSchema } from './schemas.js';
import { inProject } from '../in-project.js';
import { ACTING_FORBIDDEN, actingAs, AgentQuery, assertMayOverride } from './agent-param.js';

const route = (openProject: ProjectScope) =>
  createRoute({
    method: 'patch',
    path: '/api/tasks/{id}',
    operationId: 'updateTask',
    summary: 'Update any field, including any status (the human override)',
    description:
      'A status change runs dependency resolution like every other route. Changing `depends_on` is validated for unknown numbers and cycles.',
    tags: ['tasks'],
    middleware: openProject,
    request: { params: TaskRefParam, query: AgentQuery, body: jsonBody(TaskPatchSchema) },
    responses: {
      200: jsonContent(dataOf(TaskSchema), 'The updated task'),
      ...errorResponses(...WRITE_ERRORS),
      ...ACTING_FORBIDDEN,
    },
  });

export function registerUpdateTask(app: App, deps: AppDeps): void {
  app.openapi(route(deps.openProject), async (c) => {
    const { actor, ...patch } = c.req.valid('json');
    assertMayOverride(
      c.var.caller,
      (['status', 'assignee'] as const).filter((field) => patch[field] !== undefined),
    );
    const task = await c.var.store.tasks.update(
      c.req.valid('param').id,
      patch,
      actingAs(c.var.caller, ['actor', actor], ['?agent', c.req.valid('query').agent]) ?? 'human',
    );
    return c.json({ data: inProject(c.req.valid('query').project_id, task) }, 200);
  });
}
