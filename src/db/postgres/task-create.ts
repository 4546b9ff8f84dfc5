import { satisfies } from '../../core/rules/dependencies.js';
import { assertUniqueKeys, decideCreate } from '../../core/tasks/create.js';
import type { NewTask } from '../../core/task-store.js';
import type { Task } from '../../core/types.js';
import { timeOrderedUuid } from '../ids.js';
import { publicTask } from '../task-rows.js';
import { touchAgent } from './agents.js';
import { loadedView, queryOf, refNumbers } from './task-apply.js';
import { appendEvents } from './events.js';
import { rowToState, taskNumbers } from './task-rows.js';
import * as sql from './task-sql.js';
import type { PgWrite } from './write.js';

/** From this many events a create appends them itself, right behind its tasks (see appendEvents). */
const OWN_EVENTS_STATEMENT = 16;

/** Create tasks (one, or a batch in order) inside a write; items whose client key exists are that task. */
export async function createTasks(w: PgWrite, all: NewTask[], actor: string): Promise<Task[]> {
  assertUniqueKeys(all);
  const q = queryOf(w);
  const keys = all.map((i) => i.key).filter((k): k is string => k !== undefined);
  const byKey = await sql.tasksByKeys(q, w.projectId, keys);
  const known = all.map((input) => (input.key === undefined ? undefined : byKey.get(input.key)));
  const inputs = all.filter((_, i) => !known[i]);
  if (inputs.length === 0) return known.map((row) => publicTask(rowToState(row!)));
  const first = w.takeTaskNumbers(inputs.length);
  const ids = inputs.map(() => timeOrderedUuid());
  const refs = [...new Set(inputs.flatMap((i) => refNumbers(i.depends_on ?? [])))];
  const statuses = await sql.statusesOf(q, w.projectId, refs);
  const { tasks, events } = decideCreate(inputs, { first, ids }, actor, w, loadedView(statuses));
  touchAgent(w, actor);
  // A dependency made in the same batch is open or backlog: pending like any unsatisfied one.
  const pending = (deps: number[]) => deps.filter((d) => !satisfies(statuses.get(d) ?? 'open')).length;
  // The rows, their edges and their events are sent one after the other without waiting (the connection
  // pipelines them), so the database inserts the tasks while this process writes the events' JSON.
  const at = tasks[0]?.created_at ?? w.now;
  const records = tasks.map((t) => sql.newTaskRecord(t, pending(taskNumbers(t.depends_on)), at));
  const sent = [sql.insertTasks(q, w.projectId, at, records), sql.insertTaskDeps(q, w.projectId, tasks)];
  for (const event of events) w.record(event);
  // A batch's events go in a statement of their own; a few ride with the write's closing statement.
  if (events.length >= OWN_EVENTS_STATEMENT) {
    sent.push(appendEvents(q, w.projectId, w.events.slice(w.appended)));
    w.appended = w.events.length;
  }
  const created = tasks.map(publicTask);
  await Promise.all(sent);
  let next = 0;
  return known.map((row) => (row ? publicTask(rowToState(row)) : created[next++]!));
}
