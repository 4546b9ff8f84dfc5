import { SATISFYING_STATUSES } from '../../core/rules/dependencies.js';
import { parseTaskNumber } from '../../core/rules/numbering.js';
import type { TaskChanges, TaskState } from '../../core/tasks/types.js';
import type { TaskStatus } from '../../core/types.js';
import { changesToSet, type PgTaskRow, taskNumbers } from './task-rows.js';
import { toJson } from './json.js';

/** The task board's SQL; every statement is scoped to one project ($1). */

export type Query = <R extends object = PgTaskRow>(sql: string, params?: unknown[]) => Promise<R[]>;

/**
 * The claim: the best open task with its dependencies met, P0 first, then oldest, from the partial
 * index tasks_claim. SKIP LOCKED steps around a row another transaction holds; within a project every
 * write already holds the counter row, which keeps the order strict.
 */
export const CLAIM_SQL = `SELECT * FROM tasks
  WHERE project_id = $1 AND status = 'open' AND deps_pending = 0
  ORDER BY priority, number LIMIT 1
  FOR NO KEY UPDATE SKIP LOCKED`;

export const EXPIRED_SQL = `SELECT * FROM tasks
  WHERE project_id = $1 AND status = 'in-progress' AND lease_expires_at <= $2
  ORDER BY lease_expires_at LIMIT $3`;

const SATISFYING = [...SATISFYING_STATUSES];

export async function taskByRef(q: Query, projectId: string, ref: string): Promise<PgTaskRow | undefined> {
  const n = parseTaskNumber(ref);
  const rows =
    n !== null
      ? await q('SELECT * FROM tasks WHERE project_id = $1 AND number = $2', [projectId, n])
      : await q('SELECT * FROM tasks WHERE project_id = $1 AND id = $2', [projectId, ref]);
  return rows[0];
}

export async function tasksByKeys(q: Query, projectId: string, keys: string[]): Promise<Map<string, PgTaskRow>> {
  if (keys.length === 0) return new Map();
  const rows = await q('SELECT * FROM tasks WHERE project_id = $1 AND client_key = ANY($2::text[])', [projectId, keys]);
  return new Map(rows.map((r) => [r.client_key ?? '', r]));
}

export async function claimCandidate(q: Query, projectId: string): Promise<PgTaskRow | undefined> {
  return (await q(CLAIM_SQL, [projectId]))[0];
}

export async function expiredLeases(q: Query, projectId: string, now: string, limit: number): Promise<PgTaskRow[]> {
  return q(EXPIRED_SQL, [projectId, now, limit]);
}

export async function nextLeaseExpiry(q: Query, projectId: string): Promise<string | null> {
  const rows = await q<{ at: Date | null }>(
    `SELECT lease_expires_at AS at FROM tasks
     WHERE project_id = $1 AND status = 'in-progress' AND lease_expires_at IS NOT NULL
     ORDER BY lease_expires_at LIMIT 1`,
    [projectId],
  );
  return rows[0]?.at?.toISOString() ?? null;
}

/** Write a decision's changes to the task numbered `number`. */
export async function updateTask(q: Query, projectId: string, number: number, changes: TaskChanges): Promise<void> {
  const { set, values } = changesToSet(changes, 3);
  if (set.length === 0) return;
  await q(`UPDATE tasks SET ${set.join(', ')} WHERE project_id = $1 AND number = $2`, [projectId, number, ...values]);
}

/** Statuses of the tasks numbered `numbers` (those that exist). */
export async function statusesOf(q: Query, projectId: string, numbers: number[]): Promise<Map<number, TaskStatus>> {
  if (numbers.length === 0) return new Map();
  const rows = await q<{ number: number; status: TaskStatus }>(
    'SELECT number, status FROM tasks WHERE project_id = $1 AND number = ANY($2::int[])',
    [projectId, numbers],
  );
  return new Map(rows.map((r) => [r.number, r.status]));
}

/** Every dependency edge reachable from `numbers` (what a cycle search may walk), by task. */
export async function reachableEdges(q: Query, projectId: string, numbers: number[]): Promise<Map<number, number[]>> {
  const edges = new Map<number, number[]>();
  if (numbers.length === 0) return edges;
  const rows = await q<{ task_number: number; depends_on_number: number }>(
    `WITH RECURSIVE reach (n) AS (
       SELECT unnest($2::int[])
       UNION
       SELECT d.depends_on_number FROM task_deps d JOIN reach r ON d.project_id = $1 AND d.task_number = r.n
     )
     SELECT d.task_number, d.depends_on_number FROM task_deps d
     WHERE d.project_id = $1 AND d.task_number IN (SELECT n FROM reach)`,
    [projectId, numbers],
  );
  for (const r of rows) edges.set(r.task_number, [...(edges.get(r.task_number) ?? []), r.depends_on_number]);
  return edges;
}

/** Replace the dependency edges of task `number`, with the count of them not yet satisfied. */
export async function setTaskDeps(
  q: Query,
  projectId: string,
  number: number,
  deps: number[],
  pending: number,
): Promise<void> {
  await q('DELETE FROM task_deps WHERE project_id = $1 AND task_number = $2', [projectId, number]);
  if (deps.length > 0)
    await q(
      `INSERT INTO task_deps (project_id, task_number, depends_on_number)
       SELECT $1, $2, unnest($3::int[]) ON CONFLICT DO NOTHING`,
      [projectId, number, deps],
    );
  await q('UPDATE tasks SET deps_pending = $3 WHERE project_id = $1 AND number = $2', [projectId, number, pending]);
}

/**
 * Dependents of task `number` after it crossed the satisfied line: one dependency fewer (or more)
 * pending for each. Returns them as they are now.
 */
export async function shiftDependents(
  q: Query,
  projectId: string,
  number: number,
  delta: 1 | -1,
): Promise<PgTaskRow[]> {
  return q(
    `UPDATE tasks t SET deps_pending = t.deps_pending + $3
     FROM task_deps d
     WHERE d.project_id = $1 AND d.depends_on_number = $2 AND t.project_id = $1 AND t.number = d.task_number
     RETURNING t.*`,
    [projectId, number, delta],
  );
}

/** Dependencies of task `number` that do not satisfy it yet, with their status. */
export async function unmetDepsOf(
  q: Query,
  projectId: string,
  number: number,
): Promise<{ number: number; status: TaskStatus }[]> {
  return q(
    `SELECT t.number, t.status FROM task_deps d
     JOIN tasks t ON t.project_id = d.project_id AND t.number = d.depends_on_number
     WHERE d.project_id = $1 AND d.task_number = $2 AND t.status <> ALL($3::text[])
     ORDER BY t.number`,
    [projectId, number, SATISFYING],
  );
}

/**
 * A new task as insertTasks reads it, a JSON record (json_to_recordset). Short keys, and only the fields
 * a task holds beyond its column's default: PostgreSQL lexes every byte of this text, which was a third
 * of a batch create's work in the database.
 */
export function newTaskRecord(t: TaskState, depsPending: number, batchCreatedAt: string): Record<string, unknown> {
  const r: Record<string, unknown> = {
    n: parseTaskNumber(t.task_number) ?? 0,
    i: t.id,
    t: t.title,
    s: t.status,
    p: t.priority,
  };
  if (t.created_at !== batchCreatedAt) r.ca = t.created_at;
  if (t.description !== '') r.d = t.description;
  if (t.assignee != null) r.a = t.assignee;
  if (t.epic != null) r.e = t.epic;
  if (t.tags.length > 0) r.g = t.tags;
  if (t.capabilities.length > 0) r.c = t.capabilities;
  if (t.depends_on.length > 0) r.o = taskNumbers(t.depends_on);
  if (t.acceptance_criteria.length > 0) r.ac = t.acceptance_criteria;
  if (t.context_refs.length > 0) r.cr = t.context_refs;
  if (t.verify != null) r.v = t.verify;
  if (t.notes.length > 0) r.nt = t.notes;
  if (!t.deps_met) r.dm = false;
  if (depsPending !== 0) r.dp = depsPending;
  if (t.blocker_reason != null) r.br = t.blocker_reason;
  if (t.attempts !== 0) r.pk = t.attempts;
  if (t.lapses !== 0) r.lp = t.lapses;
  if (t.key != null) r.k = t.key;
  if (t.lease_expires_at != null) r.le = t.lease_expires_at;
  if (t.lease_seconds != null) r.ls = t.lease_seconds;
  if (t.updated_at !== t.created_at) r.ua = t.updated_at;
  if (t.started_at != null) r.sa = t.started_at;
  if (t.completed_at != null) r.co = t.completed_at;
  if (t.files.length > 0) r.f = t.files;
  if (t.verify_result != null) r.vr = t.verify_result;
  return r;
}

/**
 * What newTaskRecord leaves out is the column's default; created_at, the batch's ($3); updated_at, the
 * task's created_at.
 */
const INSERT_TASKS_SQL = `INSERT INTO tasks (project_id, number, id, title, description, status, priority, assignee, epic,
    tags, capabilities, depends_on, acceptance_criteria, context_refs, verify, notes, deps_met, deps_pending,
    blocker_reason, attempts, lapses, client_key, lease_expires_at, lease_seconds, created_at, updated_at,
    started_at, completed_at, files, verify_result)
  SELECT $1, r.n, r.i, r.t, coalesce(r.d, ''), r.s, r.p, r.a, r.e,
    coalesce(r.g, '{}'), coalesce(r.c, '{}'), coalesce(r.o, '{}'), coalesce(r.ac, '{}'), coalesce(r.cr, '{}'), r.v,
    coalesce(r.nt, '[]'), coalesce(r.dm, true), coalesce(r.dp, 0),
    r.br, coalesce(r.pk, 0), coalesce(r.lp, 0), r.k, r.le, r.ls, coalesce(r.ca, $3), coalesce(r.ua, r.ca, $3),
    r.sa, r.co, coalesce(r.f, '{}'), r.vr
  FROM json_to_recordset($2::json) AS r(n int, i text, t text, d text, s text, p text, a text, e text,
    g text[], c text[], o int[], ac text[], cr text[], v text, nt json, dm boolean, dp int,
    br text, pk int, lp int, k text, le timestamptz, ls int, ca timestamptz, ua timestamptz,
    sa timestamptz, co timestamptz, f text[], vr json)`;

/** Insert new tasks (records of newTaskRecord, made with the same `batchCreatedAt`). */
export function insertTasks(
  q: Query,
  projectId: string,
  batchCreatedAt: string,
  records: Record<string, unknown>[],
): Promise<unknown> {
  return q(INSERT_TASKS_SQL, [projectId, toJson(records), batchCreatedAt]);
}

/** Insert the dependency edges of new tasks, by task number. */
export function insertTaskDeps(q: Query, projectId: string, tasks: readonly TaskState[]): Promise<unknown> | undefined {
  const from: number[] = [];
  const to: number[] = [];
  for (const t of tasks) {
    if (t.depends_on.length === 0) continue;
    const n = parseTaskNumber(t.task_number) ?? 0;
    for (const d of taskNumbers(t.depends_on)) {
      from.push(n);
      to.push(d);
    }
  }
  if (from.length === 0) return undefined;
  return q(
    `INSERT INTO task_deps (project_id, task_number, depends_on_number)
     SELECT $1, * FROM unnest($2::int[], $3::int[]) ON CONFLICT DO NOTHING`,
    [projectId, from, to],
  );
}
