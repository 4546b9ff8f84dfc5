import { ApiError } from '../../core/errors.js';
import { taskNotFound } from '../../core/rules/lifecycle.js';
import { formatTaskNumber } from '../../core/rules/numbering.js';
import { collisions, type Hold, type SkippedTask, skippedFor } from '../../core/rules/reservations.js';
import { decideClaim } from '../../core/tasks/decide.js';
import type { PickupOutcome, PickupRequest } from '../../core/task-store.js';
import { rowToState, type TaskRow } from '../task-rows.js';
import { touchAgent } from './agents.js';
import type { Db } from './database.js';
import type { WriteContext } from './events.js';
import { allHolds, holdsNear } from './file-holds.js';
import { stmt } from './statements.js';
import * as q from './task-queries.js';
import { applyDecision, decideContext, reclaimLapsedLeases } from './task-transitions.js';

/** Candidates read per step once the best one's files turned out to be held. */
const PAGE = 32;
/** Passed-over tasks an explained pickup lists. */
export const MAX_SKIPPED = 20;

export const PICKUP_PAGE_SQL =
  "SELECT * FROM tasks INDEXED BY tasks_pickup WHERE status = 'open' AND deps_met = 1 AND (priority, number) > (?, ?) ORDER BY priority, number LIMIT ?";

/**
 * A pickup inside one write: lapsed leases reclaimed, then the task named or the best candidate whose
 * files no other agent holds (passing over, in board order, those whose files are held), decided and
 * applied. A refusal is returned, not thrown, so the reclaimed leases commit.
 */
export function claimInWrite(ctx: WriteContext, req: PickupRequest): PickupOutcome | ApiError {
  const context = decideContext(ctx);
  reclaimLapsedLeases(ctx, context);
  touchAgent(ctx.db, req.agent, ctx.now);
  const skipped: SkippedTask[] = [];
  const row = req.task_ref !== undefined ? q.taskByRef(ctx.db, req.task_ref) : freeCandidate(ctx, req.agent, skipped);
  if (!row) return req.task_ref !== undefined ? taskNotFound(req.task_ref) : { task: null, skipped };
  const task = rowToState(row);
  const named = req.task_ref !== undefined;
  const unmet = named
    ? q.unmetDepsOf(ctx.db, row.number).map((d) => ({ task_number: formatTaskNumber(d.number), status: d.status }))
    : [];
  const found = named
    ? collisions(task.files, { agent: req.agent }, holdsNear(ctx.db, task.files, req.agent, ctx.now))
    : [];
  try {
    const decision = decideClaim(
      task,
      { agent: req.agent, lease_seconds: req.lease_seconds, unmet, collisions: found },
      context,
    );
    return { task: applyDecision(ctx, task, decision), skipped };
  } catch (err) {
    if (err instanceof ApiError) return err;
    throw err;
  }
}

/** The best open task whose files nobody else holds; those passed over are added to `skipped`. */
function freeCandidate(ctx: WriteContext, agent: string, skipped: SkippedTask[]): TaskRow | undefined {
  const first = q.pickupCandidate(ctx.db);
  if (!first || isFree(first)) return first;
  let rows: TaskRow[] = [first];
  // The best candidate is checked through the lead index; once it is held, every live hold is read
  // once and the candidates after it are checked against them in memory.
  let holds: Hold[] | undefined;
  for (;;) {
    for (const row of rows) {
      if (isFree(row)) return row;
      const files = JSON.parse(row.files ?? '[]') as string[];
      const near = holds ?? holdsNear(ctx.db, files, agent, ctx.now);
      const found = collisions(files, { agent }, near);
      if (found.length === 0) return row;
      holds ??= allHolds(ctx.db, ctx.now).filter((h) => h.agent !== agent);
      if (skipped.length < MAX_SKIPPED) skipped.push(skippedFor(rowToState(row), found));
    }
    const last = rows[rows.length - 1];
    if (!last) return undefined;
    rows = pickupPage(ctx.db, last, PAGE);
    if (rows.length === 0) return undefined;
  }
}

function isFree(row: TaskRow): boolean {
  return row.files === undefined || row.files === '[]';
}

function pickupPage(db: Db, after: TaskRow, limit: number): TaskRow[] {
  return stmt<[string, number, number], TaskRow>(db, PICKUP_PAGE_SQL).all(after.priority, after.number, limit);
}
