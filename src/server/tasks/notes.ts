import { createRoute } from '@hono/zod-openapi';
import type { App } from '../router.js';
import type { AppDeps } from '../deps.js';
import { dataOf, jsonBody, jsonContent } from '../route-bodies.js';
import { WRITE_ERRORS, type ProjectScope } from '../middleware/project.js';
import { errorResponses } from '../errors.js';
import { NoteBodySchema, TaskRefParam, TaskSchema } from './schemas.js';
import { inProject } from '../in-project.js';
import { ACTING_FORBIDDEN, actingAs, AgentQuery } from './agent-param.js';

const route = (openProject: ProjectScope) =>
  createRoute({
    method: 'post',
    path: '/api/tasks/{id}/notes',
    operationId: 'addTaskNote',
    summary: 'Append a note to a task (any status); a note by the holder extends its lease',
    tags: ['tasks'],
    middleware: openProject,
    request: { params: TaskRefParam, query: AgentQuery, body: jsonBody(NoteBodySchema) },
    responses: {
      201: jsonContent(dataOf(TaskSchema), 'The task with the note appended'),
      ...errorResponses(...WRITE_ERRORS),
      ...ACTING_FORBIDDEN,
    },
  });

export function registerAddTaskNote(app: App, deps: AppDeps): void {
  app.openapi(route(deps.openProject), async (c) => {
    const { text, author } = c.req.valid('json');
    const task = await c.var.store.tasks.addNote(c.req.valid('param').id, {
      text,
      author: actingAs(c.var.caller, ['author', author], ['?agent', c.req.valid('query').agent]) ?? 'human',
    });
    return c.json({ data: inProject(c.req.valid('query').project_id, task) }, 201);
  });
}
