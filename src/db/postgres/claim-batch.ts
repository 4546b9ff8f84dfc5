import { ApiError } from '../../core/errors.js';
import { claimFilesChange } from '../../core/tasks/reservations.js';
import { decideClaim } from '../../core/tasks/decide.js';
import { numberOf } from '../../core/tasks/fields.js';
import type { Decision, TaskState } from '../../core/tasks/types.js';
import type { PickupOutcome, PickupRequest } from '../../core/task-store.js';
import { dependentsAffected } from '../../core/rules/dependencies.js';
import { publicTask } from '../task-rows.js';
import { touchAgent } from './agents.js';
import type { Batcher } from './group-commit.js';
import { toJson } from './json.js';
import { applyDecision, lapsedLeases, queryOf, reclaimLapsedLeases } from './task-apply.js';
import { CLAIM_PAGE_SQL, claimInWrite } from './task-pickup.js';
import { changedColumns, type PgTaskRow, rowToState } from './task-rows.js';
import { CLAIM_SQL, type Query } from './task-sql.js';
import type { PgWrite } from './write.js';

/** The claim's statement for several agents at once: the best `$2` candidates, locked. */
const CLAIM_MANY_SQL = CLAIM_SQL.replace('LIMIT 1', 'LIMIT $2');

/** Column types for writing claims from a JSON record set; a decision touching another column is written alone. */
const COLUMN_TYPES: Record<string, string> = {
  status: 'text',
  assignee: 'text',
  started_at: 'timestamptz',
  attempts: 'int',
  lease_expires_at: 'timestamptz',
  lease_seconds: 'int',
  completed_at: 'timestamptz',
  updated_at: 'timestamptz',
};

type Answer = PickupOutcome | ApiError;

/** For the rest of the transaction: statements run on their generic plans. */
const GENERIC_PLANS_SQL = 'SET LOCAL plan_cache_mode = force_generic_plan';

/**
 * Pickups without a named task that met in one group commit: the best k candidates locked in one
 * statement, each given to the next agent in turn by core's decideClaim, and all the claims written
 * in one statement; the same outcome as k claims one after another, in one round trip instead of k.
 * Candidates with files, whose holds must be checked claim by claim, send the rest of the agents
 * down the one-at-a-time claim. A refusal is an answer, not a throw, as in the single claim.
 */
export const claimBatcher: Batcher<PickupRequest, Answer> = {
  ahead(read, expected): ClaimAhead {
    return {
      limit: expected,
      nextLapse: read.read<{ at: Date }>(NEXT_LAPSE_SQL, [read.projectId]),
      candidates: read.read<PgTaskRow>(CLAIM_MANY_SQL, [read.projectId, expected]),
    };
  },

  async run(w, reqs, ahead) {
    for (const req of reqs) touchAgent(w, req.agent);
    const q = queryOf(w);
    const rows = ahead
      ? await candidatesAhead(w, q, ahead as ClaimAhead, reqs.length)
      : await reclaimThenCandidates(w, q, reqs.length);
    const answers: Answer[] = [];
    const claims: { before: TaskState; decision: Decision }[] = [];
    for (const [i, req] of reqs.entries()) {
      const row = rows[i];
      if (!row) break;
      const before = rowToState(row);
      if (before.files.length > 0) break;
      try {
        const decision = decideClaim(before, { agent: req.agent, lease_seconds: req.lease_seconds }, w);
        claims.push({ before, decision });
        answers.push({ task: publicTask(decision.task), skipped: [] });
      } catch (err) {
        if (!(err instanceof ApiError)) throw err;
        answers.push(err);
      }
    }
    await writeClaims(w, claims);
    // Fewer candidates than agents, all taken: the board is empty for the rest, as their own claims would find.
    const exhausted = rows.length < reqs.length && answers.length === rows.length;
    for (const req of reqs.slice(answers.length))
      answers.push(exhausted ? { task: null, skipped: [] } : await claimInWrite(w, req));
    return answers;
  },
};

/**
 * The earliest lease of the project's tasks in progress: none lapsed when it lies after `now`. Asked
 * as the first entry of the lease index: written as min(), the planner sometimes aggregated every task
 * in progress instead (2 ms a claim transaction with 4,000 of them, under the project's lock).
 */
const NEXT_LAPSE_SQL = `SELECT lease_expires_at AS at FROM tasks
  WHERE project_id = $1 AND status = 'in-progress' AND lease_expires_at IS NOT NULL
  ORDER BY lease_expires_at LIMIT 1`;

/** Read with the project's lock, before the group was known (see Batcher.ahead). */
interface ClaimAhead {
  limit: number;
  nextLapse: Promise<{ at: Date }[]>;
  candidates: Promise<PgTaskRow[]>;
}

/**
 * The best `count` candidates from what was read with the lock: read again when a lease had lapsed
 * by the transaction's `now` (reclaimed first) or when more agents joined than were read for.
 */
async function candidatesAhead(w: PgWrite, q: Query, ahead: ClaimAhead, count: number): Promise<PgTaskRow[]> {
  const [[next], rows] = await Promise.all([ahead.nextLapse, ahead.candidates]);
  if (next && next.at.getTime() <= Date.parse(w.now)) {
    await reclaimLapsedLeases(w);
    return q<PgTaskRow>(CLAIM_MANY_SQL, [w.projectId, count]);
  }
  await reclaimLapsedLeases(w, []);
  const last = rows[rows.length - 1];
  if (!last || rows.length >= count || rows.length < ahead.limit) return rows.slice(0, count);
  // More agents joined than were read for: the candidates after the last one read.
  const more = await q<PgTaskRow>(CLAIM_PAGE_SQL, [w.projectId, last.priority, last.number, count - rows.length]);
  return [...rows, ...more];
}

/**
 * Lapsed leases reclaimed, then the best `count` candidates locked. The two reads go out together
 * (pipelined): leases rarely lapse, and only when some did are the candidates read again after them.
 */
async function reclaimThenCandidates(w: PgWrite, q: Query, count: number): Promise<PgTaskRow[]> {
  const candidates = () => q<PgTaskRow>(CLAIM_MANY_SQL, [w.projectId, count]);
  if (w.reclaimed) return candidates();
  const [lapsed, rows] = await Promise.all([lapsedLeases(w), candidates()]);
  await reclaimLapsedLeases(w, lapsed);
  return lapsed.length === 0 ? rows : candidates();
}

/** The claims' changes, one statement per shape of change (one, for plain claims); their events in order. */
async function writeClaims(w: PgWrite, claims: { before: TaskState; decision: Decision }[]): Promise<void> {
  const shapes = new Map<string, { columns: string[]; records: Record<string, unknown>[] }>();
  for (const { before, decision } of claims) {
    const { columns, values } = changedColumns(decision.patch);
    const alone =
      columns.some((c) => !(c in COLUMN_TYPES)) ||
      claimFilesChange(before, decision.task) !== null ||
      dependentsAffected(before.status, decision.task.status);
    if (alone) {
      await applyDecision(w, before, decision);
      continue;
    }
    const key = columns.join(',');
    const shape = shapes.get(key) ?? { columns, records: [] };
    shapes.set(key, shape);
    const record: Record<string, unknown> = { number: numberOf(decision.task) };
    for (const [i, c] of columns.entries()) record[c] = values[i];
    shape.records.push(record);
    for (const event of decision.events) w.record(event);
  }
  // A custom plan for each claim's UPDATE cost ~0.25 ms of planning, inside the project's lock; the
  // generic one serves every group as well (the primary key, then a hash join with the few records).
  if (shapes.size > 0) w.send(GENERIC_PLANS_SQL, []);
  for (const { columns, records } of shapes.values()) {
    const assign = columns.map((c) => `${c} = r.${c}`).join(', ');
    const types = columns.map((c) => `${c} ${COLUMN_TYPES[c]}`).join(', ');
    // Rows this transaction has locked, their values decided: nothing to wait for but COMMIT. The
    // numbers as an array too: the planner cannot see into the JSON, and without them it hashed every
    // task of the project to join against a few records (6 ms at 5,000 tasks, growing with the board).
    w.send(
      `UPDATE tasks t SET ${assign} FROM json_to_recordset($2::json) AS r(number int, ${types})
       WHERE t.project_id = $1 AND t.number = ANY($3::int[]) AND t.number = r.number`,
      [w.projectId, toJson(records), records.map((r) => r.number)],
    );
  }
}
