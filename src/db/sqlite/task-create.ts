import { decideCreate } from '../../core/tasks/create.js';
import type { NewTask } from '../../core/task-store.js';
import type { Task } from '../../core/types.js';
import { touchAgent } from './agents.js';
import type { WriteContext } from './events.js';
import { timeOrderedUuids } from '../ids.js';
import { nextCounter } from './meta.js';
import { keyedTasks } from './task-lookup.js';
import { publicTask, rowToTask } from '../task-rows.js';
import { insertNewTasks } from './task-insert.js';
import { dependencyView } from './task-transitions.js';

/** Create tasks (one, or a batch in order) inside a write; items whose client key exists are that task. */
export function createTasks(ctx: WriteContext, all: NewTask[], actor: string): Task[] {
  // Items whose client key exists already are that task: a re-run batch creates nothing twice.
  const known = keyedTasks(ctx.db, all);
  const anyKnown = known.some((row) => row !== undefined);
  const inputs = anyKnown ? all.filter((_, i) => !known[i]) : all;
  if (inputs.length === 0) return known.map((row) => rowToTask(row!));
  const first = nextCounter(ctx.db, 'next_task_number', inputs.length);
  const ids = timeOrderedUuids(inputs.length);
  const { tasks, events } = decideCreate(inputs, { first, ids }, actor, ctx, dependencyView(ctx.db));
  touchAgent(ctx.db, actor, ctx.now);
  insertNewTasks(ctx.db, tasks);
  ctx.recordAll(events);
  const created = tasks.map(publicTask);
  if (!anyKnown) return created;
  let next = 0;
  return known.map((row) => (row ? rowToTask(row) : created[next++]!));
}
