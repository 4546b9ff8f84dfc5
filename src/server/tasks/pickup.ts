import { createRoute, z } from '@hono/zod-openapi';
import { type App, inOrder } from '../router.js';
import type { AppDeps } from '../deps.js';
import { dataOf, jsonContent } from '../route-bodies.js';
import { WRITE_ERRORS, type ProjectScope } from '../middleware/project.js';
import { ApiError } from '../../core/errors.js';
import { pickupTask } from '../../core/pickup-wait.js';
import { errorResponses } from '../errors.js';
import { ACTING_FORBIDDEN, agentOf, AgentQuery, emptyBodyIsObject, optionalJsonBody } from './agent-param.js';
import { PickupBodySchema, TaskSchema } from './schemas.js';
import { SkippedTaskSchema } from '../files/schemas.js';
import type { SkippedTask } from '../../core/rules/reservations.js';
import { inProject } from '../in-project.js';

export const MAX_WAIT_SECONDS = 300;

const route = (openProject: ProjectScope) =>
  createRoute({
    method: 'post',
    path: '/api/tasks/pickup',
    operationId: 'pickupTask',
    summary: 'Atomically claim the next task (or a given one)',
    description:
      'Claims the highest-priority open task whose dependencies are met (P0 first, then oldest) and whose files no other agent holds, and leases it to the agent, reserving its files for the lease. Two callers never get the same task, nor overlapping files. With `task_id`, claims that task or answers 409 saying why (for held files: the holder, the files and when the lease ends). With `explain`, also lists the tasks passed over for held files; a 404 names them in its details either way. With `wait`, holds the request up to that many seconds and answers as soon as a task becomes available; a wait ended by the server shutting down answers 503 `shutting_down`. Nothing available → 404 `no_tasks_available`.',
    tags: ['tasks'],
    middleware: inOrder(openProject, emptyBodyIsObject),
    request: {
      query: AgentQuery.extend({
        task_id: z.string().trim().min(1).max(64).optional().openapi({ description: 'Claim this task (T-003 or id)' }),
        wait: z.coerce
          .number()
          .int()
          .min(0)
          .max(MAX_WAIT_SECONDS)
          .optional()
          .openapi({ description: `Seconds to wait for work (0–${MAX_WAIT_SECONDS})` }),
      }),
      body: optionalJsonBody(PickupBodySchema),
    },
    responses: {
      200: jsonContent(
        dataOf(TaskSchema).extend({
          skipped: z.array(SkippedTaskSchema).optional().openapi({
            description: 'With `explain`: tasks passed over (up to 20) because another agent holds their files',
          }),
        }),
        'The claimed task, now in-progress',
      ),
      ...errorResponses(...WRITE_ERRORS, 409),
      ...ACTING_FORBIDDEN,
    },
  });

export function registerPickupTask(app: App, deps: AppDeps): void {
  app.openapi(route(deps.openProject), async (c) => {
    const query = c.req.valid('query');
    const { project_id, task_id, wait } = query;
    const body = c.req.valid('json');
    const agent = agentOf(c.var.caller, ['agent', body.agent], ['?agent', query.agent]);
    const { lease_seconds, explain } = body;
    const request = { agent, lease_seconds, task_ref: task_id };
    // The wait ends when the client goes away, the server shuts down or the caller's token is revoked.
    // Only a wait asks for the request's signal: making it costs every pickup an AbortController.
    const { revoked } = c.var;
    const ends = () => [c.req.raw.signal, ...(deps.shutdown ? [deps.shutdown] : []), ...(revoked ? [revoked] : [])];
    const until = wait ? { ms: wait * 1000, signal: AbortSignal.any(ends()) } : undefined;
    const { task, skipped } = await pickupTask(c.var.store, deps.feeds, request, until);
    if (!task && wait && revoked?.aborted)
      throw new ApiError('unauthorized', 'The bearer token was revoked while the pickup waited');
    // A wait cut short by shutdown says so: "nothing to pick up" would tell the agent the board is empty.
    if (!task && wait && deps.shutdown?.aborted)
      throw new ApiError('shutting_down', 'The server is shutting down; retry once it is back');
    if (!task) throw nothingAvailable(skipped);
    return c.json({ data: inProject(project_id, task), ...(explain ? { skipped } : {}) }, 200);
  });
}

/** Nothing to claim: a 404 that says which tasks were passed over for held files, if any. */
function nothingAvailable(skipped: readonly SkippedTask[]): ApiError {
  if (skipped.length === 0)
    return new ApiError('no_tasks_available', 'No open task with met dependencies is available');
  return new ApiError(
    'no_tasks_available',
    `No open task is available: ${skipped.length}${skipped.length >= 20 ? '+' : ''} passed over because another agent holds their files`,
    skipped.map((s) => ({
      path: s.task_number,
      message: `${s.files.join(', ')} held by ${s.held_by} (${s.hold}, until ${s.until ?? 'no lease end'})`,
    })),
  );
}
