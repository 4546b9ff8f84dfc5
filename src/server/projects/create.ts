import { createRoute } from '@hono/zod-openapi';
import type { App } from '../router.js';
import type { AppDeps } from '../deps.js';
import { dataOf, jsonBody, jsonContent } from '../route-bodies.js';
import { errorResponses } from '../errors.js';
import { CreatedProjectSchema, CreateProjectSchema } from './schemas.js';

const route = createRoute({
  method: 'post',
  path: '/api/projects',
  operationId: 'createProject',
  summary: 'Register a project folder (idempotent by path), or make a hosted project',
  description:
    'With `path`: a folder project, its data in `<path>/.codepakt/data.db`; a folder already registered (or already holding a project database) keeps its project (200). Without `path`: a hosted project, its data kept by the server. A `path` that does not exist on the server answers 400, unless `if_path_missing: "hosted"`.',
  tags: ['projects'],
  request: { body: jsonBody(CreateProjectSchema) },
  responses: {
    200: jsonContent(
      dataOf(CreatedProjectSchema),
      'The folder was already registered, or holds this project: its project',
    ),
    201: jsonContent(dataOf(CreatedProjectSchema), 'Made'),
    ...errorResponses(400, 409, 415, 503),
  },
});

export function registerCreateProject(app: App, deps: AppDeps): void {
  app.openapi(route, async (c) => {
    const { name, path, project_id, if_path_missing, probe } = c.req.valid('json');
    const { project, created, notice } =
      path === undefined
        ? await deps.catalog.createHosted({ name })
        : await deps.catalog.register({ name, path, projectId: project_id, ifPathMissing: if_path_missing, probe });
    const data = notice === undefined ? project : { ...project, notice };
    return created ? c.json({ data }, 201) : c.json({ data }, 200);
  });
}
