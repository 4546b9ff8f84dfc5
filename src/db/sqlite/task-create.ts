import { decideCreate } from '../../core/tasks/create.js';
import type { NewTask } from '../../core/task-store.js';
import type { Task } from '../../core/types.js';
import { touchAgent } from './agents.js';
import type { WriteContext } from './events.js';
import { timeOrderedUuid } from '../ids.js';
import { nextCounter } from './meta.js';
import { keyedTasks } from './task-lookup.js';
import { publicTask, rowToTask, stateToRow, taskNumbers } from '../task-rows.js';
import { dependencyView } from './task-transitions.js';
import * as q from './task-queries.js';

/** Create tasks (one, or a batch in order) inside a write; items whose client key exists are that task. */
export function createTasks(ctx: WriteContext, all: NewTask[], actor: string): Task[] {
  // Items whose client key exists already are that task: a re-run batch creates nothing twice.
  const known = keyedTasks(ctx.db, all);
  const inputs = all.filter((_, i) => !known[i]);
  if (inputs.length === 0) return known.map((row) => rowToTask(row!));
  const first = nextCounter(ctx.db, 'next_task_number', inputs.length);
  const ids = inputs.map(() => timeOrderedUuid());
  const { tasks, events } = decideCreate(inputs, { first, ids }, actor, ctx, dependencyView(ctx.db));
  touchAgent(ctx.db, actor, ctx.now);
  const rows = tasks.map(stateToRow);
  q.insertTasks(ctx.db, rows);
  for (const [i, task] of tasks.entries()) {
    const number = rows[i]?.number ?? 0;
    if (task.depends_on.length > 0) q.insertTaskDeps(ctx.db, number, taskNumbers(task.depends_on));
    if (task.tags.length > 0) q.insertTaskTags(ctx.db, number, task.tags);
  }
  for (const event of events) ctx.record(event);
  const created = tasks.map(publicTask);
  let next = 0;
  return known.map((row) => (row ? rowToTask(row) : created[next++]!));
}
