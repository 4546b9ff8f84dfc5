import { TASK_STATUSES } from '../../core/types.js';
import type { TaskListQuery } from '../list-query.js';
import type { TaskRow } from '../task-rows.js';
import type { Db } from './database.js';
import { stmt } from './statements.js';
import { TASK_JSON } from './task-json.js';

/** A listed task as JSON text (task-json.ts), with its position for the next page's cursor. */
export interface TaskJsonRow {
  priority: string;
  number: number;
  json: string;
}

/** Tasks in board order (P0 first, then oldest), keyset-paginated. */
export function listTaskRows(db: Db, q: TaskListQuery): TaskRow[] {
  const { page, params } = pageOf(q);
  return stmt<[Record<string, unknown>], TaskRow>(
    db,
    `${page} SELECT tasks.* FROM page JOIN tasks ON tasks.number = page.number ORDER BY page.priority, page.number`,
  ).all(params);
}

/** listTaskRows, each task as the API's JSON object of it in `projectId`. */
export function listTaskJson(db: Db, q: TaskListQuery, projectId: string): TaskJsonRow[] {
  const { page, params } = pageOf(q);
  params.project_id = projectId;
  return stmt<[Record<string, unknown>], TaskJsonRow>(
    db,
    `${page} SELECT priority, number, (SELECT ${TASK_JSON} FROM tasks WHERE tasks.number = page.number) AS json
      FROM page ORDER BY priority, number`,
  ).all(params);
}

/**
 * The page's positions, as a `page` CTE. Each status is read on its own, in order, from
 * `tasks_status_order`, and only the first `limit` of each are merged (SQLite sorts each arm's at most
 * `limit` rows for the merge): `status IN (…)` over one index made SQLite sort every matching row of the
 * board (a whole 20,000-task board to answer a page of 1,000).
 */
function pageOf(q: TaskListQuery): { page: string; params: Record<string, unknown> } {
  const filters: string[] = [];
  const params: Record<string, unknown> = { limit: q.limit };
  if (q.assignee !== undefined) {
    filters.push('assignee = @assignee');
    params.assignee = q.assignee;
  }
  if (q.epic !== undefined) {
    filters.push('epic = @epic');
    params.epic = q.epic;
  }
  if (q.tag !== undefined) {
    filters.push('number IN (SELECT task_number FROM task_tags WHERE tag = @tag)');
    params.tag = q.tag;
  }
  if (q.after) {
    filters.push('(priority, number) > (@after_priority, @after_number)');
    params.after_priority = q.after.priority;
    params.after_number = q.after.number;
  }
  // An agent's tasks of a status are few next to the board's: read them, not the board in order.
  const byAssignee = q.assignee !== undefined ? ' INDEXED BY tasks_assignee' : '';
  const statuses = q.statuses && q.statuses.length > 0 ? [...new Set(q.statuses)] : TASK_STATUSES;
  const arms = statuses.map((status, i) => {
    params[`s${i}`] = status;
    const where = [`status = @s${i}`, ...filters].join(' AND ');
    return `SELECT * FROM (SELECT priority, number FROM tasks${byAssignee} WHERE ${where} ORDER BY priority, number LIMIT @limit)`;
  });
  return { page: `WITH page AS (${arms.join(' UNION ALL ')} ORDER BY priority, number LIMIT @limit)`, params };
}
