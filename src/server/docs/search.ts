import { createRoute, z } from '@hono/zod-openapi';
import type { App } from '../router.js';
import type { AppDeps } from '../deps.js';
import { dataOf, jsonContent } from '../route-bodies.js';
import { ProjectQuery, READ_ERRORS, type ProjectScope } from '../middleware/project.js';
import { errorResponses } from '../errors.js';
import { DOC_LIMITS, DocFilterQuery, DocSearchHitSchema } from './schemas.js';
import { allInProject } from '../in-project.js';

const route = (openProject: ProjectScope) =>
  createRoute({
    method: 'get',
    path: '/api/docs/search',
    operationId: 'searchDocs',
    summary: 'Full-text search over titles, bodies and tags, best match first',
    description:
      'Every word must match (falling back to any word when that finds nothing). `"quoted words"` match as a phrase, a trailing `*` matches a prefix (`auth*`). Any other punctuation is treated as a word separator, so no query is a syntax error. Results carry a snippet, not the body.',
    tags: ['docs'],
    middleware: openProject,
    request: {
      query: ProjectQuery.extend({
        q: z
          .string()
          .max(DOC_LIMITS.query)
          .openapi({ description: 'What to look for', example: 'auth* "token lifetime"' }),
        ...DocFilterQuery,
        limit: z.coerce
          .number()
          .int()
          .min(1)
          .max(100)
          .default(10)
          .openapi({ description: 'At most this many results (1–100, default 10)' }),
        runs: z
          .enum(['true', 'false'])
          .optional()
          .openapi({ description: '`true` adds `snippet_runs` to each hit (the dashboard highlights from them)' }),
      }),
    },
    responses: {
      200: jsonContent(dataOf(z.array(DocSearchHitSchema)), 'Matching docs, best first'),
      ...errorResponses(...READ_ERRORS),
    },
  });

export function registerSearchDocs(app: App, deps: AppDeps): void {
  app.openapi(route(deps.openProject), async (c) => {
    const { project_id, runs, ...query } = c.req.valid('query');
    const hits = await c.var.store.docs.search(query);
    const shown = runs === 'true' ? hits : hits.map(({ snippet_runs: _, ...hit }) => hit);
    return c.json({ data: allInProject(project_id, shown) }, 200);
  });
}
