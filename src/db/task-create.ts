import { allSatisfied, findCycle } from '../core/dependencies.js';
import { taskSnapshot } from '../core/lifecycle.js';
import type { NewTask } from '../core/task-store.js';
import type { Task, TaskStatus } from '../core/types.js';
import { touchAgent } from './agents.js';
import type { WriteContext } from './events.js';
import { timeOrderedUuid } from './ids.js';
import { nextCounter } from './meta.js';
import { cycleError, keyedTasks, resolveDepRefs, unique } from './task-lookup.js';
import { rowToTask, type TaskRow } from './task-rows.js';
import * as q from './tasks.js';

/** Create tasks (one, or a batch in order) inside a write; items whose client key exists are that task. */
export function createTasks(ctx: WriteContext, all: NewTask[], actor: string): Task[] {
  // Items whose client key exists already are that task: a re-run batch creates nothing twice.
  const known = keyedTasks(ctx.db, all);
  const inputs = all.filter((_, i) => !known[i]);
  if (inputs.length === 0) return known.map((row) => rowToTask(row!));
  const first = nextCounter(ctx.db, 'next_task_number', inputs.length);
  const numbers = inputs.map((_, i) => first + i);
  const batchDeps = new Map<number, number[]>();
  for (const [i, input] of inputs.entries()) {
    const field = `${inputs.length > 1 ? `[${i}].` : ''}depends_on`;
    batchDeps.set(numbers[i] ?? 0, resolveDepRefs(ctx.db, input.depends_on ?? [], field, numbers));
  }
  // Edges among the new tasks may form a cycle; edges to existing tasks cannot (those never point back).
  for (const n of numbers) {
    const cycle = findCycle(n, (x) => batchDeps.get(x) ?? []);
    if (cycle) throw cycleError(cycle, inputs.length > 1 ? `[${numbers.indexOf(n)}].depends_on` : 'depends_on');
  }
  touchAgent(ctx.db, actor, ctx.now);
  const created: Task[] = [];
  inputs.forEach((input, i) => {
    const number = numbers[i] ?? 0;
    const deps = batchDeps.get(number) ?? [];
    const depsMet = allSatisfied(deps.map((d) => (numbers.includes(d) ? 'open' : (q.statusOf(ctx.db, d) ?? 'open'))));
    const status: TaskStatus = input.status === 'backlog' || !depsMet ? 'backlog' : 'open';
    const row: TaskRow = {
      id: timeOrderedUuid(),
      number,
      title: input.title,
      description: input.description ?? '',
      status,
      priority: input.priority ?? 'P1',
      assignee: null,
      epic: input.epic ?? null,
      tags: JSON.stringify(unique(input.tags ?? [])),
      capabilities: JSON.stringify(unique(input.capabilities ?? [])),
      depends_on: JSON.stringify(deps),
      acceptance_criteria: JSON.stringify(input.acceptance_criteria ?? []),
      context_refs: JSON.stringify(input.context_refs ?? []),
      verify: input.verify ?? null,
      notes: '[]',
      deps_met: depsMet ? 1 : 0,
      blocker_reason: null,
      attempts: 0,
      lease_expires_at: null,
      lease_seconds: null,
      created_at: ctx.now,
      updated_at: ctx.now,
      started_at: null,
      completed_at: null,
      lapses: 0,
      client_key: input.key ?? null,
    };
    q.insertTask(ctx.db, row);
    q.insertTaskDeps(ctx.db, number, deps);
    q.insertTaskTags(ctx.db, number, unique(input.tags ?? []));
    const task = rowToTask(row);
    ctx.record({
      type: 'task.created',
      entity_id: task.id,
      actor,
      payload: { ...taskSnapshot(task), depends_on: task.depends_on },
    });
    created.push(task);
  });
  return known.map((row) => (row ? rowToTask(row) : created.shift()!));
}
