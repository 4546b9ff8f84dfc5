import { taskNotFound } from '../../core/rules/lifecycle.js';
import { assertUniqueKeys } from '../../core/tasks/create.js';
import type { NewTask } from '../../core/task-store.js';
import type { TaskState } from '../../core/tasks/types.js';
import type { Db } from './database.js';
import { rowToState, type TaskRow } from '../task-rows.js';
import * as q from './task-queries.js';

/** For each input, the task already created with its key (or undefined); a key repeated within the batch is refused. */
export function keyedTasks(db: Db, inputs: readonly NewTask[]): (TaskRow | undefined)[] {
  assertUniqueKeys(inputs);
  return inputs.map((input) => (input.key === undefined ? undefined : q.taskByKey(db, input.key)));
}

export function findTask(db: Db, ref: string): TaskRow {
  const row = q.taskByRef(db, ref);
  if (!row) throw taskNotFound(ref);
  return row;
}

/** The task `ref` names, as the decisions read it; 404 when there is none. */
export function loadTask(db: Db, ref: string): TaskState {
  return rowToState(findTask(db, ref));
}
