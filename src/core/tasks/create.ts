import { ApiError } from '../errors.js';
import { allSatisfied, cycleError, findCycle, resolveDepRefs } from '../rules/dependencies.js';
import { formatTaskNumber } from '../rules/numbering.js';
import { normalizeFiles } from '../rules/reservations.js';
import { taskSnapshot } from '../rules/task-events.js';
import type { NewTask } from '../task-store.js';
import type { TaskStatus } from '../types.js';
import { unique } from './fields.js';
import type { DependencyView, TaskEvent, TaskState } from './types.js';

/** A client key given twice in one batch is refused: which item would the key name? */
export function assertUniqueKeys(inputs: readonly NewTask[]): void {
  const seen = new Map<string, number>();
  for (const [i, input] of inputs.entries()) {
    if (input.key === undefined) continue;
    const earlier = seen.get(input.key);
    if (earlier !== undefined)
      throw new ApiError('validation_error', `[${i}].key: repeats [${earlier}].key "${input.key}"`, [
        { path: `${i}.key`, message: `Repeats the key of item ${earlier}` },
      ]);
    seen.set(input.key, i);
  }
}

/**
 * New tasks (one, or a batch in order) numbered from `first`, with the ids the store chose. Each is open
 * unless it asked for backlog or a dependency is unmet; dependencies must exist (in the project or in
 * the batch) and the batch may not form a cycle. Field paths in refusals carry the item's index in a
 * batch.
 */
export function decideCreate(
  inputs: readonly NewTask[],
  fresh: { first: number; ids: readonly string[] },
  actor: string,
  ctx: { now: string },
  graph: Pick<DependencyView, 'statusOf'>,
): { tasks: TaskState[]; events: TaskEvent[] } {
  const batch = inputs.length > 1;
  const inBatch = (n: number) => n >= fresh.first && n < fresh.first + inputs.length;
  const field = (i: number, name: string) => `${batch ? `[${i}].` : ''}${name}`;
  // Most items of a batch name no dependencies, tags or files: those take no Set, closure or copy
  // (a batch of 1,000 allocated ~3 KB a task here, all of it for the collector).
  const deps = inputs.map((input, i) =>
    input.depends_on === undefined || input.depends_on.length === 0
      ? NO_DEPS
      : resolveDepRefs(input.depends_on, field(i, 'depends_on'), (n) => inBatch(n) || graph.statusOf(n) !== undefined),
  );
  // Edges among the new tasks may form a cycle; edges to existing tasks cannot (those never point back).
  // A task without edges is on no cycle: findCycle would only mark it done.
  const edges = (n: number) => (inBatch(n) ? (deps[n - fresh.first] ?? NO_DEPS) : NO_DEPS);
  const acyclic = new Set<number>();
  for (let i = 0; i < inputs.length; i++) {
    if ((deps[i] ?? NO_DEPS).length === 0) continue;
    const cycle = findCycle(fresh.first + i, edges, acyclic);
    if (cycle) throw cycleError(cycle, field(i, 'depends_on'));
  }
  const tasks = inputs.map((input, i): TaskState => {
    const own = deps[i] ?? NO_DEPS;
    // A dependency created in the same batch starts open: not yet satisfied.
    const depsMet =
      own.length === 0 || allSatisfied(own.map((d) => (inBatch(d) ? 'open' : (graph.statusOf(d) ?? 'open'))));
    const status: TaskStatus = input.status === 'backlog' || !depsMet ? 'backlog' : 'open';
    return {
      id: fresh.ids[i] ?? '',
      task_number: formatTaskNumber(fresh.first + i),
      title: input.title,
      description: input.description ?? '',
      status,
      priority: input.priority ?? 'P1',
      assignee: null,
      epic: input.epic ?? null,
      tags: distinct(input.tags),
      capabilities: distinct(input.capabilities),
      depends_on: own.map(formatTaskNumber),
      deps_met: depsMet,
      acceptance_criteria: input.acceptance_criteria ? [...input.acceptance_criteria] : [],
      context_refs: input.context_refs ? [...input.context_refs] : [],
      verify: input.verify ?? null,
      files:
        input.files === undefined || input.files.length === 0 ? [] : normalizeFiles(input.files, field(i, 'files')),
      verify_result: null,
      notes: [],
      blocker_reason: null,
      attempts: 0,
      pickups: 0,
      lapses: 0,
      key: input.key ?? null,
      lease_expires_at: null,
      created_at: ctx.now,
      updated_at: ctx.now,
      started_at: null,
      completed_at: null,
      lease_seconds: null,
    };
  });
  const events = tasks.map((task): TaskEvent => {
    // Added to the snapshot, not spread into a copy: a copy with one more key cost ~5 µs a task.
    const payload = taskSnapshot(task);
    payload.depends_on = task.depends_on;
    return { type: 'task.created', entity_id: task.id, actor, payload };
  });
  return { tasks, events };
}

const NO_DEPS: readonly number[] = [];

/** unique(), without a Set for the usual none or one. */
function distinct(values: readonly string[] | undefined): string[] {
  if (values === undefined || values.length === 0) return [];
  if (values.length === 1) return [values[0] as string];
  return unique(values);
}
