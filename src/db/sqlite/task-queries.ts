import type { Db } from './database.js';
import { stmt } from './statements.js';
import type { TaskRow, TaskRowPatch } from '../task-rows.js';
import type { TaskStatus } from '../../core/types.js';
import { parseTaskNumber } from '../../core/rules/numbering.js';

// INDEXED BY pins the partial indexes: without statistics the planner prefers tasks_status_order,
// which for leases reads and sorts every in-progress task on each pickup. SQLite refuses the statement
// outright if the index cannot serve it, so a plan regression cannot pass silently.
export const PICKUP_SQL =
  "SELECT * FROM tasks INDEXED BY tasks_pickup WHERE status = 'open' AND deps_met = 1 ORDER BY priority, number LIMIT 1";
export const EXPIRED_SQL =
  "SELECT * FROM tasks INDEXED BY tasks_lease WHERE status = 'in-progress' AND lease_expires_at <= ? ORDER BY lease_expires_at LIMIT ?";
export const DEPENDENTS_SQL =
  'SELECT t.* FROM task_deps d JOIN tasks t ON t.number = d.task_number WHERE d.depends_on_number = ?';

export function taskByNumber(db: Db, number: number): TaskRow | undefined {
  return stmt<[number], TaskRow>(db, 'SELECT * FROM tasks WHERE number = ?').get(number);
}

export function taskById(db: Db, id: string): TaskRow | undefined {
  return stmt<[string], TaskRow>(db, 'SELECT * FROM tasks WHERE id = ?').get(id);
}

/** A task by number (T-001) or id. */
export function taskByRef(db: Db, ref: string): TaskRow | undefined {
  const n = parseTaskNumber(ref);
  return n !== null ? taskByNumber(db, n) : taskById(db, ref);
}

export function taskByKey(db: Db, key: string): TaskRow | undefined {
  return stmt<[string], TaskRow>(db, 'SELECT * FROM tasks WHERE client_key = ?').get(key);
}

const INSERT_TASK = `INSERT INTO tasks (id, number, title, description, status, priority, assignee, epic, tags,
    capabilities, depends_on, acceptance_criteria, context_refs, verify, notes, deps_met, blocker_reason, attempts,
    lease_expires_at, lease_seconds, created_at, updated_at, started_at, completed_at, lapses, client_key, files, verify_result)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

export function insertTask(db: Db, row: TaskRow): void {
  insertTasks(db, [row]);
}

/** New task rows, added to the counts per status (migration 0007) in the same transaction. */
export function insertTasks(db: Db, rows: readonly TaskRow[]): void {
  const added = new Map<string, number>();
  // Positional, not named, parameters: binding 24 names from an object cost a fifth of each insert.
  const insert = stmt(db, INSERT_TASK);
  for (const row of rows) {
    insert.run(
      row.id,
      row.number,
      row.title,
      row.description,
      row.status,
      row.priority,
      row.assignee,
      row.epic,
      row.tags,
      row.capabilities,
      row.depends_on,
      row.acceptance_criteria,
      row.context_refs,
      row.verify,
      row.notes,
      row.deps_met,
      row.blocker_reason,
      row.attempts,
      row.lease_expires_at,
      row.lease_seconds,
      row.created_at,
      row.updated_at,
      row.started_at,
      row.completed_at,
      row.lapses ?? 0,
      row.client_key ?? null,
      row.files ?? '[]',
      row.verify_result ?? null,
    );
    added.set(row.status, (added.get(row.status) ?? 0) + 1);
  }
  // One update per status, not per row: a batch of 1,000 new tasks is one.
  const count = stmt<[number, string]>(db, 'UPDATE task_counts SET n = n + ? WHERE status = ?');
  for (const [status, n] of added) count.run(n, status);
}

const PATCHABLE = new Set([
  'title',
  'description',
  'status',
  'priority',
  'assignee',
  'epic',
  'tags',
  'capabilities',
  'depends_on',
  'acceptance_criteria',
  'context_refs',
  'verify',
  'files',
  'verify_result',
  'notes',
  'deps_met',
  'blocker_reason',
  'attempts',
  'lapses',
  'lease_expires_at',
  'lease_seconds',
  'updated_at',
  'started_at',
  'completed_at',
]);

export function updateTask(db: Db, id: string, patch: TaskRowPatch): void {
  const keys = Object.keys(patch)
    .filter((k) => PATCHABLE.has(k))
    .sort();
  if (keys.length === 0) return;
  const sql = `UPDATE tasks SET ${keys.map((k) => `${k} = @${k}`).join(', ')} WHERE id = @id`;
  stmt(db, sql).run({ ...patch, id });
}

export function setTaskDeps(db: Db, number: number, deps: readonly number[]): void {
  stmt(db, 'DELETE FROM task_deps WHERE task_number = ?').run(number);
  insertTaskDeps(db, number, deps);
}

/** Edges of a task that has none yet (just created). */
export function insertTaskDeps(db: Db, number: number, deps: readonly number[]): void {
  const insert = stmt(db, 'INSERT OR IGNORE INTO task_deps (task_number, depends_on_number) VALUES (?, ?)');
  for (const d of deps) insert.run(number, d);
}

export function setTaskTags(db: Db, number: number, tags: readonly string[]): void {
  stmt(db, 'DELETE FROM task_tags WHERE task_number = ?').run(number);
  insertTaskTags(db, number, tags);
}

/** Tags of a task that has none yet (just created). */
export function insertTaskTags(db: Db, number: number, tags: readonly string[]): void {
  const insert = stmt(db, 'INSERT OR IGNORE INTO task_tags (tag, task_number) VALUES (?, ?)');
  for (const t of tags) insert.run(t, number);
}

export function depsOf(db: Db, number: number): number[] {
  return stmt<[number], { n: number }>(db, 'SELECT depends_on_number AS n FROM task_deps WHERE task_number = ?')
    .all(number)
    .map((r) => r.n);
}

export function dependentsOf(db: Db, number: number): TaskRow[] {
  return stmt<[number], TaskRow>(db, DEPENDENTS_SQL).all(number);
}

export function statusOf(db: Db, number: number): TaskStatus | undefined {
  return stmt<[number], { status: TaskStatus }>(db, 'SELECT status FROM tasks WHERE number = ?').get(number)?.status;
}

/** Dependencies of a task that do not satisfy it yet (see core/rules/dependencies.ts: SATISFYING_STATUSES), with their status. */
export function unmetDepsOf(db: Db, number: number): { number: number; status: TaskStatus }[] {
  return stmt<[number], { number: number; status: TaskStatus }>(
    db,
    "SELECT t.number, t.status FROM task_deps d JOIN tasks t ON t.number = d.depends_on_number WHERE d.task_number = ? AND t.status NOT IN ('review','done','cancelled') ORDER BY t.number",
  ).all(number);
}

export function pickupCandidate(db: Db): TaskRow | undefined {
  return stmt<[], TaskRow>(db, PICKUP_SQL).get();
}

export function expiredLeases(db: Db, nowIso: string, limit: number): TaskRow[] {
  // Every pickup asks; the earliest lease alone (one covering-index entry) answers "none" at a
  // fraction of the cost of the full query.
  const earliest = nextLeaseExpiry(db);
  if (earliest === null || earliest > nowIso) return [];
  return stmt<[string, number], TaskRow>(db, EXPIRED_SQL).all(nowIso, limit);
}

export function nextLeaseExpiry(db: Db): string | null {
  return (
    stmt<[], { at: string | null }>(
      db,
      "SELECT lease_expires_at AS at FROM tasks INDEXED BY tasks_lease WHERE status = 'in-progress' AND lease_expires_at IS NOT NULL ORDER BY lease_expires_at LIMIT 1",
    ).get()?.at ?? null
  );
}

export function tasksOfAgent(db: Db, agent: string, statuses: readonly TaskStatus[]): TaskRow[] {
  return stmt<[string, ...string[]], TaskRow>(
    db,
    `SELECT * FROM tasks WHERE assignee = ? AND status IN (${statuses.map(() => '?').join(', ')}) ORDER BY priority, number`,
  ).all(agent, ...statuses);
}

export function countByStatus(db: Db): Map<TaskStatus, number> {
  const rows = stmt<[], { status: TaskStatus; n: number }>(
    db,
    // Kept by triggers in every writing transaction (migration 0007): seven rows, whatever the board's size.
    'SELECT status, n FROM task_counts',
  ).all();
  return new Map(rows.map((r) => [r.status, r.n]));
}

/** The columns board status shows of a blocked task or a lapsed lease (not whole rows: 100 of each). */
export type BoardTaskRow = Pick<TaskRow, 'number' | 'title' | 'assignee' | 'blocker_reason' | 'lease_expires_at'>;
const BOARD_COLUMNS = 'number, title, assignee, blocker_reason, lease_expires_at';

export function blockedTasks(db: Db, limit: number): BoardTaskRow[] {
  return stmt<[number], BoardTaskRow>(
    db,
    `SELECT ${BOARD_COLUMNS} FROM tasks WHERE status = 'blocked' ORDER BY priority, number LIMIT ?`,
  ).all(limit);
}

/** Lapsed leases for board status, oldest first: expiredLeases' query for the columns shown. */
export function lapsedLeases(db: Db, nowIso: string, limit: number): BoardTaskRow[] {
  const earliest = nextLeaseExpiry(db);
  if (earliest === null || earliest > nowIso) return [];
  return stmt<[string, number], BoardTaskRow>(
    db,
    `SELECT ${BOARD_COLUMNS} FROM tasks INDEXED BY tasks_lease WHERE status = 'in-progress' AND lease_expires_at <= ? ORDER BY lease_expires_at LIMIT ?`,
  ).all(nowIso, limit);
}
