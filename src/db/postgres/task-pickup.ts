import { ApiError } from '../../core/errors.js';
import { taskNotFound } from '../../core/rules/lifecycle.js';
import { formatTaskNumber } from '../../core/rules/numbering.js';
import { collisions, type Hold, type SkippedTask, skippedFor } from '../../core/rules/reservations.js';
import { decideClaim } from '../../core/tasks/decide.js';
import type { PickupOutcome, PickupRequest } from '../../core/task-store.js';
import { allHolds, holdsNear } from './file-holds.js';
import { applyDecision, queryOf } from './task-apply.js';
import { rowToState, type PgTaskRow } from './task-rows.js';
import * as sql from './task-sql.js';
import type { Query } from './task-sql.js';
import type { PgWrite } from './write.js';

/** Candidates locked per step once the best one's files turned out to be held. */
const PAGE = 32;
/** Passed-over tasks an explained pickup lists. */
const MAX_SKIPPED = 20;

/** The claim's next candidates after (priority, number), locked as the claim locks its one. */
export const CLAIM_PAGE_SQL = `SELECT * FROM tasks
  WHERE project_id = $1 AND status = 'open' AND deps_pending = 0 AND (priority, number) > ($2, $3::int)
  ORDER BY priority, number LIMIT $4
  FOR NO KEY UPDATE SKIP LOCKED`;

/**
 * The claim inside a project transaction (lapsed leases already reclaimed): the task named, or the best
 * candidate whose files no other agent holds, passing over in board order those whose files are held.
 * A refusal is returned, not thrown, so what the transaction did before commits.
 */
export async function claimInWrite(w: PgWrite, req: PickupRequest): Promise<PickupOutcome | ApiError> {
  const q = queryOf(w);
  const skipped: SkippedTask[] = [];
  const named = req.task_ref !== undefined;
  const row = named
    ? await sql.taskByRef(q, w.projectId, req.task_ref ?? '')
    : await freeCandidate(q, w, req.agent, skipped);
  if (!row) return named ? taskNotFound(req.task_ref ?? '') : { task: null, skipped };
  const unmet = named
    ? (await sql.unmetDepsOf(q, w.projectId, row.number)).map((d) => ({
        task_number: formatTaskNumber(d.number),
        status: d.status,
      }))
    : [];
  const task = rowToState(row);
  const found = named
    ? collisions(task.files, { agent: req.agent }, await holdsNear(q, w.projectId, task.files, req.agent, w.now))
    : [];
  try {
    const decision = decideClaim(
      task,
      { agent: req.agent, lease_seconds: req.lease_seconds, unmet, collisions: found },
      w,
    );
    return { task: await applyDecision(w, task, decision), skipped };
  } catch (err) {
    if (err instanceof ApiError) return err;
    throw err;
  }
}

async function freeCandidate(q: Query, w: PgWrite, agent: string, skipped: SkippedTask[]) {
  const first = await sql.claimCandidate(q, w.projectId);
  if (!first || first.files.length === 0) return first;
  let rows: PgTaskRow[] = [first];
  // The best candidate is checked through the lead index; once it is held, every live hold is read
  // once and the candidates after it are checked against them in memory.
  let holds: Hold[] | undefined;
  for (;;) {
    for (const row of rows) {
      if (row.files.length === 0) return row;
      const near = holds ?? (await holdsNear(q, w.projectId, row.files, agent, w.now));
      const found = collisions(row.files, { agent }, near);
      if (found.length === 0) return row;
      holds ??= (await allHolds(q, w.projectId, w.now)).filter((h) => h.agent !== agent);
      if (skipped.length < MAX_SKIPPED) skipped.push(skippedFor(rowToState(row), found));
    }
    const last = rows[rows.length - 1];
    if (!last) return undefined;
    rows = await q<PgTaskRow>(CLAIM_PAGE_SQL, [w.projectId, last.priority, last.number, PAGE]);
    if (rows.length === 0) return undefined;
  }
}
