import { createRoute } from '@hono/zod-openapi';
import { type App, type AppDeps, dataOf, jsonBody, jsonContent, WRITE_ERRORS } from '../router.js';
import { errorResponses } from '../errors.js';
import { NoteBodySchema, TaskRefParam, TaskSchema } from './schemas.js';
import { inProject } from '../in-project.js';
import { AgentQuery } from './agent-param.js';

const route = createRoute({
  method: 'post',
  path: '/api/tasks/{id}/notes',
  operationId: 'addTaskNote',
  summary: 'Append a note to a task (any status); a note by the holder extends its lease',
  tags: ['tasks'],
  request: { params: TaskRefParam, query: AgentQuery, body: jsonBody(NoteBodySchema) },
  responses: {
    201: jsonContent(dataOf(TaskSchema), 'The task with the note appended'),
    ...errorResponses(...WRITE_ERRORS),
  },
});

export function registerAddTaskNote(app: App, deps: AppDeps): void {
  app.openapi(route, async (c) => {
    const { text, author } = c.req.valid('json');
    const task = await deps.hub
      .store(c.req.valid('query').project_id, { writing: true })
      .tasks.addNote(c.req.valid('param').id, { text, author: author ?? c.req.valid('query').agent ?? 'human' });
    return c.json({ data: inProject(c.req.valid('query').project_id, task) }, 201);
  });
}
