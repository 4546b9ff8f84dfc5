import { createRoute, z } from '@hono/zod-openapi';
import type { App } from '../router.js';
import type { AppDeps } from '../deps.js';
import { dataOf, jsonContent } from '../route-bodies.js';
import { ProjectQuery, READ_ERRORS, type ProjectScope } from '../middleware/project.js';
import { TASK_STATUSES } from '../../core/types.js';
import { errorResponses } from '../errors.js';
import { AgentSchema } from '../agents/schemas.js';
import { allInProject } from '../in-project.js';
import { coordinationOf } from './coordination.js';
import { HoldSchema } from '../files/schemas.js';

const Counts = z.object(
  Object.fromEntries(TASK_STATUSES.map((s) => [s, z.number().int()])) as Record<
    (typeof TASK_STATUSES)[number],
    z.ZodNumber
  >,
);
const BlockedTask = z.object({
  task_number: z.string(),
  title: z.string(),
  blocker_reason: z.string().nullable(),
  assignee: z.string().nullable(),
});

const BoardStatusSchema = z
  .object({
    counts: Counts,
    total: z.number().int(),
    blocked: z.array(BlockedTask),
    expired_leases: z
      .array(
        z.object({
          task_number: z.string(),
          title: z.string(),
          assignee: z.string().nullable(),
          lease_expires_at: z.string().nullable(),
        }),
      )
      .openapi({
        description: 'In-progress tasks whose lease has lapsed; the next pickup reclaims them',
      }),
    agents: z.array(AgentSchema),
    reservations: z.array(HoldSchema).openapi({
      description: 'Files held now (up to 100 of each kind): live claims, then ad-hoc reservations',
    }),
    // codepakt 0.2's names, which its agent protocols read.
    by_status: Counts.openapi({ description: 'Same as `counts` (codepakt 0.2 name)' }),
    blocked_tasks: z.array(BlockedTask).openapi({ description: 'Same as `blocked` (codepakt 0.2 name)' }),
    agent_activity: z.array(AgentSchema).openapi({ description: 'Same as `agents` (codepakt 0.2 name)' }),
    coordination: z
      .object({
        stale: z
          .boolean()
          .openapi({ description: 'The protocol file is missing or older than this cpk: run `cpk generate`' }),
        file_version: z.string().nullable().openapi({ description: 'cpk version stamped in .codepakt/AGENTS.md' }),
        cli_version: z.string(),
      })
      .openapi({ description: "Whether the project's agent protocol files are current" }),
  })
  .openapi('BoardStatus');

const route = (openProject: ProjectScope) =>
  createRoute({
    method: 'get',
    path: '/api/board/status',
    operationId: 'getBoardStatus',
    summary: 'Counts per status, blocked tasks, agents and lapsed leases',
    tags: ['board'],
    middleware: openProject,
    request: { query: ProjectQuery },
    responses: { 200: jsonContent(dataOf(BoardStatusSchema), 'Board summary'), ...errorResponses(...READ_ERRORS) },
  });

export function registerBoardStatus(app: App, deps: AppDeps): void {
  app.openapi(route(deps.openProject), async (c) => {
    const { project_id } = c.req.valid('query');
    const board = await c.var.store.tasks.board();
    const project = await c.var.describeProject();
    const agents = allInProject(project_id, board.agents);
    const coordination = await coordinationOf(project.path);
    return c.json(
      {
        data: {
          ...board,
          agents,
          by_status: board.counts,
          blocked_tasks: board.blocked,
          agent_activity: agents,
          coordination,
        },
      },
      200,
    );
  });
}
