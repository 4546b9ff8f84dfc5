import { z } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import type { ProjectCatalog, ProjectStore } from '../../core/ports.js';
import type { Project } from '../../core/types.js';

/** `?project_id=` carried by every project-scoped route. */
export const ProjectQuery = z.object({
  project_id: z
    .string()
    .min(1)
    .max(100)
    .openapi({
      param: { name: 'project_id', in: 'query' },
      description: 'Project id from `cpk init` / `POST /api/projects`',
      example: '3f0c…',
    }),
});

/** Error statuses any project-scoped route can answer with: bad input, auth, guard, unknown project, unopenable database. */
export const READ_ERRORS = [400, 401, 403, 404, 503] as const;
export const WRITE_ERRORS = [400, 401, 403, 404, 413, 415, 503] as const;

export type ProjectEnv = {
  Variables: {
    /** The opened store of the request's project. */
    store: ProjectStore;
    /** The project's registration and settings, read when asked. */
    describeProject: () => Promise<Project>;
  };
};

export type ProjectScope = MiddlewareHandler<ProjectEnv>;

const ProjectId = ProjectQuery.shape.project_id;

/**
 * The middleware of every project-scoped route: opens the store of `?project_id=` and puts it in
 * `c.var.store`, so handlers reach storage only through `c.var`. An unknown project answers 404, one
 * whose storage cannot be used 503. A request that reads has the store's file checked first; one that
 * writes skips that check, its writes being checked before they are acknowledged.
 */
export function projectScope(catalog: ProjectCatalog): ProjectScope {
  return async (c, next) => {
    const ids = c.req.queries('project_id');
    const id = ids?.length === 1 ? ProjectId.safeParse(ids[0]) : undefined;
    // Missing or malformed: the route's validation answers 400, naming it beside any other bad field.
    if (!id?.success) return next();
    const reads = c.req.method === 'GET' || c.req.method === 'HEAD';
    c.set('store', await catalog.open(id.data, reads ? undefined : { checkFile: 'on-write' }));
    c.set('describeProject', () => catalog.get(id.data));
    await next();
  };
}
