import { OpenAPIHono, z } from '@hono/zod-openapi';
import type { ProjectHub } from '../core/project-hub.js';
import type { EventBus } from '../core/event-bus.js';
import type { Clock } from '../core/clock.js';
import { issuesToDetails, validationError } from './errors.js';

export interface AppDeps {
  hub: ProjectHub;
  bus: EventBus;
  clock: Clock;
  startedAt: Date;
  /** Folder with the built dashboard (index.html, app.js); the page is a placeholder without it. */
  dashboardDir?: string | undefined;
  /** Path of Scalar's standalone script, served at /reference/scalar.js. */
  scalarScript?: string | undefined;
  /** Bearer token every /api request must carry, when set. */
  token?: string | undefined;
  /** Extra host names (besides loopback and the bound host) that requests may address. */
  allowedHosts?: string[] | undefined;
  /** Signals long-polls and streams to end when the server shuts down. */
  shutdown?: AbortSignal | undefined;
}

export type AppEnv = { Variables: { requestId: string } };
export type App = OpenAPIHono<AppEnv>;

export function createRouter(): App {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) throw validationError(issuesToDetails(result.error.issues));
    },
  });
}

/** `?project_id=` carried by every project-scoped route. */
export const ProjectQuery = z.object({
  project_id: z
    .string()
    .min(1)
    .max(100)
    .openapi({ param: { name: 'project_id', in: 'query' }, description: 'Project id from `cpk init` / `POST /api/projects`', example: '3f0c…' }),
});

/** `{data: …}` success envelope around a schema. */
export function dataOf<T extends z.ZodType>(schema: T) {
  return z.object({ data: schema });
}

export function jsonContent<T extends z.ZodType>(schema: T, description: string) {
  return { description, content: { 'application/json': { schema } } };
}

export function jsonBody<T extends z.ZodType>(schema: T, description?: string) {
  return { required: true, description, content: { 'application/json': { schema } } } as const;
}
