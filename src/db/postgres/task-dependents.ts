import { taskNotFound } from '../../core/rules/lifecycle.js';
import type { Task } from '../../core/types.js';
import { publicTask } from '../task-rows.js';
import { rowToState } from './task-rows.js';
import { type Query, taskByRef } from './task-sql.js';

/** The tasks that name `ref` among their dependencies, in board order (served by task_deps_reverse). */
export async function dependentRows(query: Query, projectId: string, ref: string): Promise<Task[]> {
  const row = await taskByRef(query, projectId, ref);
  if (!row) throw taskNotFound(ref);
  const rows = await query(
    `SELECT t.* FROM task_deps d JOIN tasks t ON t.project_id = d.project_id AND t.number = d.task_number
     WHERE d.project_id = $1 AND d.depends_on_number = $2 ORDER BY t.priority, t.number`,
    [projectId, row.number],
  );
  return rows.map((r) => publicTask(rowToState(r)));
}
