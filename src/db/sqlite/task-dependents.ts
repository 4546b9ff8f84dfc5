import type { Task } from '../../core/types.js';
import { type TaskRow, rowToTask } from '../task-rows.js';
import type { Db } from './database.js';
import { findTask } from './task-lookup.js';

/** The tasks that name `ref` among their dependencies, in board order (served by task_deps_reverse). */
export function dependentRows(db: Db, ref: string): Task[] {
  const { number } = findTask(db, ref);
  return db
    .prepare<[number], TaskRow>(
      `SELECT t.* FROM task_deps d JOIN tasks t ON t.number = d.task_number
       WHERE d.depends_on_number = ? ORDER BY t.priority, t.number`,
    )
    .all(number)
    .map(rowToTask);
}
