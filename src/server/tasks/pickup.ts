import { createRoute, z } from '@hono/zod-openapi';
import { ApiError } from '../../core/errors.js';
import type { Task } from '../../core/types.js';
import { WorkWaiter } from '../../core/wait-for-work.js';
import { type App, type AppDeps, dataOf, jsonContent, WRITE_ERRORS } from '../router.js';
import { errorResponses } from '../errors.js';
import { agentOf, AgentQuery, emptyBodyIsObject, optionalJsonBody } from './agent-param.js';
import { PickupBodySchema, TaskSchema } from './schemas.js';
import { inProject } from '../in-project.js';

export const MAX_WAIT_SECONDS = 300;

const route = createRoute({
  method: 'post',
  path: '/api/tasks/pickup',
  operationId: 'pickupTask',
  summary: 'Atomically claim the next task (or a given one)',
  description:
    'Claims the highest-priority open task whose dependencies are met (P0 first, then oldest) and leases it to the agent. Two callers never get the same task. With `task_id`, claims that task or answers 409 saying why. With `wait`, holds the request up to that many seconds and answers as soon as a task becomes available; a wait ended by the server shutting down answers 503 `shutting_down`. Nothing available → 404 `no_tasks_available`.',
  tags: ['tasks'],
  middleware: [emptyBodyIsObject] as const,
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
    200: jsonContent(dataOf(TaskSchema), 'The claimed task, now in-progress'),
    ...errorResponses(...WRITE_ERRORS, 409),
  },
});

export function registerPickupTask(app: App, deps: AppDeps): void {
  app.openapi(route, async (c) => {
    const query = c.req.valid('query');
    const { project_id, task_id, wait } = query;
    const body = c.req.valid('json');
    const agent = agentOf(body, query);
    const { lease_seconds } = body;
    const store = deps.hub.store(project_id, { writing: true });
    const request = { agent, lease_seconds, task_ref: task_id };
    let task: Task | null = await store.tasks.pickup(request);
    if (!task && wait && task_id === undefined) {
      const deadline = Date.now() + wait * 1000;
      const signals = [c.req.raw.signal, deps.shutdown].filter((s): s is AbortSignal => s !== undefined);
      const signal = AbortSignal.any(signals);
      const waiter = await WorkWaiter.open(deps.feeds, project_id);
      try {
        // Work freed between the first attempt and subscribing would otherwise wait for the next event.
        task = await store.tasks.pickup(request);
        while (!task && Date.now() < deadline && !signal.aborted) {
          // Sleep until an event may have freed work, or until the next lease lapses.
          const nextLapse = await store.tasks.nextLeaseExpiry();
          const untilLapse = nextLapse ? Date.parse(nextLapse) - Date.now() + 5 : Infinity;
          await waiter.next(Math.min(deadline - Date.now(), untilLapse), signal);
          if (signal.aborted) break;
          task = await store.tasks.pickup(request);
        }
      } finally {
        waiter.close();
      }
    }
    // A wait cut short by shutdown says so: "nothing to pick up" would tell the agent the board is empty.
    if (!task && wait && deps.shutdown?.aborted)
      throw new ApiError('shutting_down', 'The server is shutting down; retry once it is back');
    if (!task) throw new ApiError('no_tasks_available', 'No open task with met dependencies is available');
    return c.json({ data: inProject(project_id, task) }, 200);
  });
}
