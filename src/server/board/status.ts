import { createRoute, z } from '@hono/zod-openapi';
import { TASK_STATUSES } from '../../core/types.js';
import { type App, type AppDeps, dataOf, jsonContent, ProjectQuery, READ_ERRORS } from '../router.js';
import { errorResponses } from '../errors.js';
import { AgentSchema } from '../agents/schemas.js';

const BoardStatusSchema = z
  .object({
    counts: z.object(Object.fromEntries(TASK_STATUSES.map((s) => [s, z.number().int()])) as Record<(typeof TASK_STATUSES)[number], z.ZodNumber>),
    total: z.number().int(),
    blocked: z.array(z.object({ task_number: z.string(), title: z.string(), blocker_reason: z.string().nullable(), assignee: z.string().nullable() })),
    expired_leases: z.array(z.object({ task_number: z.string(), title: z.string(), assignee: z.string().nullable(), lease_expires_at: z.string().nullable() })).openapi({
      description: 'In-progress tasks whose lease has lapsed; the next pickup reclaims them',
    }),
    agents: z.array(AgentSchema),
  })
  .openapi('BoardStatus');

const route = createRoute({
  method: 'get',
  path: '/api/board/status',
  operationId: 'getBoardStatus',
  summary: 'Counts per status, blocked tasks, agents and lapsed leases',
  tags: ['board'],
  request: { query: ProjectQuery },
  responses: { 200: jsonContent(dataOf(BoardStatusSchema), 'Board summary'), ...errorResponses(...READ_ERRORS) },
});

export function registerBoardStatus(app: App, deps: AppDeps): void {
  app.openapi(route, async (c) => c.json({ data: await deps.hub.store(c.req.valid('query').project_id).tasks.board() }, 200));
}
