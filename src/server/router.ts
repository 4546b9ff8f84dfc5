import { OpenAPIHono, z } from '@hono/zod-openapi';
import type { ProjectHub } from '../core/project-hub.js';
import type { EventBus } from '../core/event-bus.js';
import type { LiveFeeds } from '../core/live-feed.js';
import type { Clock } from '../core/clock.js';
import { issuesToDetails, validationError } from './errors.js';

export interface AppDeps {
  hub: ProjectHub;
  bus: EventBus;
  /** Live delivery of each project's log to event streams and waiting pickups. */
  feeds: LiveFeeds;
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

/** What createApp is given: the live feeds are built over the hub and bus unless passed in. */
export type AppInput = Omit<AppDeps, 'feeds'> & { feeds?: LiveFeeds | undefined };

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
    .openapi({
      param: { name: 'project_id', in: 'query' },
      description: 'Project id from `cpk init` / `POST /api/projects`',
      example: '3f0c…',
    }),
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

/** Error statuses any project-scoped route can answer with: bad input, auth, guard, unknown project, unopenable database. */
export const READ_ERRORS = [400, 401, 403, 404, 503] as const;
export const WRITE_ERRORS = [400, 401, 403, 404, 413, 415, 503] as const;

/** Field limits shared by every schema (issue: every string and array is bounded). */
export const LIMITS = {
  agent: 100,
  title: 200,
  description: 20_000,
  short: 100,
  tag: 50,
  list: 100,
  item: 2_000,
  note: 10_000,
  reason: 2_000,
  verify: 2_000,
} as const;
