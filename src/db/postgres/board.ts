import { encodeCursor } from '../../core/rules/cursor.js';
import { formatTaskNumber } from '../../core/rules/numbering.js';
import type { BoardStatus, TaskPage } from '../../core/task-store.js';
import { TASK_STATUSES, type TaskStatus } from '../../core/types.js';
import type { TaskListQuery } from '../list-query.js';
import { publicTask } from '../task-rows.js';
import { readAgents } from './agents.js';
import { allHolds } from './file-holds.js';
import { rowToState } from './task-rows.js';
import { expiredLeases, type Query } from './task-sql.js';

/** Read side of the board: listing in board order, the summary. */

/**
 * Tasks in board order (P0 first, then oldest), keyset-paginated. Each status is read on its own from
 * `tasks_status_order` (or a narrower index a filter allows), at most `limit + 1` rows each, and the
 * arms merged: no index in board order across statuses is kept (migration 0007), which every created
 * task and every claim paid an entry for.
 */
export async function listTasks(q: Query, projectId: string, f: TaskListQuery): Promise<TaskPage> {
  const { text, params } = listStatement(projectId, f);
  const rows = await q(text, params);
  const page = rows.slice(0, f.limit);
  const last = page[page.length - 1];
  return {
    tasks: page.map((r) => publicTask(rowToState(r))),
    next_cursor: rows.length > f.limit && last ? encodeCursor(last) : null,
  };
}

/** The listing's statement: one arm per status, each at most `limit + 1` rows in board order, merged. */
export function listStatement(projectId: string, f: TaskListQuery): { text: string; params: unknown[] } {
  const filters: string[] = [];
  const params: unknown[] = [projectId];
  const param = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  if (f.assignee !== undefined) filters.push(`assignee = ${param(f.assignee)}`);
  if (f.epic !== undefined) filters.push(`epic = ${param(f.epic)}`);
  if (f.tag !== undefined) filters.push(`tags @> ARRAY[${param(f.tag)}::text]`);
  if (f.after) filters.push(`(priority, number) > (${param(f.after.priority)}, ${param(f.after.number)}::int)`);
  const limit = param(f.limit + 1);
  const statuses = f.statuses && f.statuses.length > 0 ? [...new Set(f.statuses)] : TASK_STATUSES;
  const arms = statuses.map((status) => {
    const where = ['project_id = $1', `status = ${param(status)}`, ...filters].join(' AND ');
    return `(SELECT * FROM tasks WHERE ${where} ORDER BY priority, number LIMIT ${limit})`;
  });
  return {
    text: `SELECT * FROM (${arms.join(' UNION ALL ')}) AS arms ORDER BY priority, number LIMIT ${limit}`,
    params,
  };
}

export async function readBoard(q: Query, projectId: string, now: string): Promise<BoardStatus> {
  const counts = Object.fromEntries(TASK_STATUSES.map((s) => [s, 0])) as Record<TaskStatus, number>;
  const byStatus = await q<{ status: TaskStatus; n: number }>(
    // Kept per status by a trigger (migration 0003): a few rows, whatever the size of the board.
    'SELECT status, sum(n)::int AS n FROM task_counts WHERE project_id = $1 GROUP BY status',
    [projectId],
  );
  for (const { status, n } of byStatus) counts[status] = n;
  const blocked = await q(
    "SELECT * FROM tasks WHERE project_id = $1 AND status = 'blocked' ORDER BY priority, number LIMIT 100",
    [projectId],
  );
  const expired = await expiredLeases(q, projectId, now, 100);
  return {
    counts,
    total: Object.values(counts).reduce((a, b) => a + b, 0),
    blocked: blocked.map((r) => ({
      task_number: formatTaskNumber(r.number),
      title: r.title,
      blocker_reason: r.blocker_reason,
      assignee: r.assignee,
    })),
    expired_leases: expired.map((r) => ({
      task_number: formatTaskNumber(r.number),
      title: r.title,
      assignee: r.assignee,
      lease_expires_at: r.lease_expires_at?.toISOString() ?? null,
    })),
    agents: await readAgents(q, projectId, now),
    reservations: await allHolds(q, projectId, now, 100),
  };
}
