import type { TaskState } from '../../core/tasks/types.js';
import { parseTaskNumber } from '../../core/rules/numbering.js';
import { jsonList, taskNumbers } from '../task-rows.js';
import type { Db } from './database.js';
import { stmt } from './statements.js';

const INSERT_TASK = `INSERT INTO tasks (id, number, title, description, status, priority, assignee, epic, tags,
    capabilities, depends_on, acceptance_criteria, context_refs, verify, notes, deps_met, blocker_reason, attempts,
    lease_expires_at, lease_seconds, created_at, updated_at, started_at, completed_at, lapses, client_key, files, verify_result)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;
const INSERT_TAG = 'INSERT OR IGNORE INTO task_tags (tag, task_number) VALUES (?, ?)';
const INSERT_DEP = 'INSERT OR IGNORE INTO task_deps (task_number, depends_on_number) VALUES (?, ?)';
const ADD_COUNT = 'UPDATE task_counts SET n = n + ? WHERE status = ?';
const NONE: readonly number[] = [];

/**
 * Tasks just decided (core/tasks/create.ts), with their tags, dependency edges and the counts per
 * status (migration 0007): lists as JSON, flags as 0/1, dependencies by number. Each column is bound
 * straight from the state, without a row object per task in between: a batch of 1,000 made as many
 * 28-field objects, all alive until the answer left, for the collector to copy.
 */
export function insertNewTasks(db: Db, tasks: readonly TaskState[]): void {
  const insert = stmt(db, INSERT_TASK);
  const tag = stmt(db, INSERT_TAG);
  const dep = stmt(db, INSERT_DEP);
  const added = new Map<string, number>();
  for (const task of tasks) {
    const number = parseTaskNumber(task.task_number) ?? 0;
    const deps = task.depends_on.length === 0 ? NONE : taskNumbers(task.depends_on);
    insert.run(
      task.id,
      number,
      task.title,
      task.description,
      task.status,
      task.priority,
      task.assignee,
      task.epic,
      jsonList(task.tags),
      jsonList(task.capabilities),
      jsonList(deps),
      jsonList(task.acceptance_criteria),
      jsonList(task.context_refs),
      task.verify,
      jsonList(task.notes),
      task.deps_met ? 1 : 0,
      task.blocker_reason,
      task.attempts,
      task.lease_expires_at,
      task.lease_seconds,
      task.created_at,
      task.updated_at,
      task.started_at,
      task.completed_at,
      task.lapses,
      task.key,
      jsonList(task.files),
      task.verify_result ? JSON.stringify(task.verify_result) : null,
    );
    for (const d of deps) dep.run(number, d);
    for (const t of task.tags) tag.run(t, number);
    added.set(task.status, (added.get(task.status) ?? 0) + 1);
  }
  // One update per status, not per row: a batch of 1,000 new tasks is one.
  const count = stmt<[number, string]>(db, ADD_COUNT);
  for (const [status, n] of added) count.run(n, status);
}
