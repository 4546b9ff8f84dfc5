import { createRoute, z } from '@hono/zod-openapi';
import type { App } from '../router.js';
import type { AppDeps } from '../deps.js';
import { dataOf, jsonContent } from '../route-bodies.js';
import { ProjectQuery, READ_ERRORS, type ProjectScope } from '../middleware/project.js';
import { errorResponses } from '../errors.js';
import { DocFilterQuery, DocSummarySchema } from './schemas.js';
import { allInProject } from '../in-project.js';

const MAX_IDS = 100;

const IdList = z
  .string()
  .max(MAX_IDS * 12)
  .transform((s) =>
    s
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean),
  )
  .refine((ids) => ids.length <= MAX_IDS, { message: `at most ${MAX_IDS} ids` })
  .openapi({
    type: 'string',
    maxLength: MAX_IDS * 12,
    description: 'Comma-separated doc ids; unknown ones are skipped',
    example: 'D-001,D-004',
  });

const route = (openProject: ProjectScope) =>
  createRoute({
    method: 'get',
    path: '/api/docs',
    operationId: 'listDocs',
    summary: 'List docs without their bodies, oldest first',
    tags: ['docs'],
    middleware: openProject,
    request: {
      query: ProjectQuery.extend({
        ...DocFilterQuery,
        ids: IdList.optional(),
        limit: z.coerce
          .number()
          .int()
          .min(1)
          .max(1000)
          .default(100)
          .openapi({ description: 'At most this many (1–1000, default 100)' }),
      }),
    },
    responses: {
      200: jsonContent(dataOf(z.array(DocSummarySchema)), 'Docs, without bodies'),
      ...errorResponses(...READ_ERRORS),
    },
  });

export function registerListDocs(app: App, deps: AppDeps): void {
  app.openapi(route(deps.openProject), async (c) => {
    const { project_id, ...filter } = c.req.valid('query');
    return c.json({ data: allInProject(project_id, await c.var.store.docs.list(filter)) }, 200);
  });
}
