import { dependentsAffected, satisfies } from '../../core/rules/dependencies.js';
import { formatTaskNumber, parseTaskNumber } from '../../core/rules/numbering.js';
import { numberOf } from '../../core/tasks/fields.js';
import { claimFilesChange } from '../../core/tasks/reservations.js';
import { decideDependent, decideLapse } from '../../core/tasks/system.js';
import { clearClaimFiles, setClaimFiles } from './file-holds.js';
import type { Decision, DependencyView, TaskState } from '../../core/tasks/types.js';
import type { TaskPatch } from '../../core/task-store.js';
import type { Task, TaskStatus } from '../../core/types.js';
import { publicTask } from '../task-rows.js';
import { type PgTaskRow, rowToState, taskNumbers } from './task-rows.js';
import * as sql from './task-sql.js';
import type { Query } from './task-sql.js';
import type { PgWrite } from './write.js';

/** Applying the decisions of core/tasks inside a write: the PostgreSQL side of load → decide → apply. */

/** Lapsed leases reclaimed per pickup; the rest wait for the next one (keeps a pickup short). */
const RECLAIM_BATCH = 50;

export function queryOf(w: PgWrite): Query {
  return (text, params) => w.query(text, params) as never;
}

/**
 * Write a decision about `before`: its fields, the dependency edges and pending count when its
 * dependencies changed (`graph` holds their statuses), its events; then, in the same transaction, its
 * dependents when its status crossed the satisfied line.
 */
export async function applyDecision(
  w: PgWrite,
  before: TaskState,
  decision: Decision,
  graph?: DependencyView,
): Promise<Task> {
  const q = queryOf(w);
  const { patch, task } = decision;
  const number = numberOf(task);
  await write(w, q, decision);
  if (patch.depends_on !== undefined) {
    const deps = taskNumbers(patch.depends_on);
    const pending = deps.filter((d) => !satisfies(graph?.statusOf(d) ?? 'open')).length;
    await sql.setTaskDeps(q, w.projectId, number, deps, pending);
  }
  const held = claimFilesChange(before, task);
  if (held === 'set') await setClaimFiles(q, w.projectId, number, task.files);
  else if (held === 'clear') await clearClaimFiles(q, w.projectId, number);
  if (dependentsAffected(before.status, task.status)) await resolveDependents(w, q, task);
  return publicTask(task);
}

async function write(w: PgWrite, q: Query, decision: Decision): Promise<void> {
  await sql.updateTask(q, w.projectId, numberOf(decision.task), decision.patch);
  for (const event of decision.events) w.record(event);
}

/**
 * Dependents of `trigger` count one dependency fewer (or more) pending; those whose count reaches zero
 * gain `deps_met` (backlog → open), those that had none pending lose it (open → backlog).
 */
async function resolveDependents(w: PgWrite, q: Query, trigger: TaskState): Promise<void> {
  const number = numberOf(trigger);
  const delta = satisfies(trigger.status) ? -1 : 1;
  // In task-number order, as on SQLite: the order of their events is part of the log.
  const dependents = (await sql.shiftDependents(q, w.projectId, number, delta)).sort((a, b) => a.number - b.number);
  for (const row of dependents) {
    const decision = decideDependent(rowToState(row), row.deps_pending === 0, formatTaskNumber(number), w);
    if (decision) await write(w, q, decision);
  }
}

/** Leases that lapsed go back to the board (or to blocked after max_attempts); no timer needed. */
export async function reclaimLapsedLeases(w: PgWrite, lapsed?: PgTaskRow[]): Promise<void> {
  // The writes of one transaction share its `now`: what lapsed by then was reclaimed by the first.
  if (w.reclaimed) return;
  w.reclaimed = true;
  const rows = lapsed ?? (await lapsedLeases(w));
  for (const row of rows) {
    const before = rowToState(row);
    const decision = decideLapse(before, w);
    if (decision) await applyDecision(w, before, decision);
  }
}

/** The leases lapsed by the transaction's `now` (at most a batch), to hand to reclaimLapsedLeases. */
export function lapsedLeases(w: PgWrite): Promise<PgTaskRow[]> {
  return sql.expiredLeases(queryOf(w), w.projectId, w.now, RECLAIM_BATCH);
}

/** The dependency graph a decision reads synchronously, from statuses and edges loaded beforehand. */
export function loadedView(statuses: Map<number, TaskStatus>, edges = new Map<number, number[]>()): DependencyView {
  return { statusOf: (n) => statuses.get(n), dependsOn: (n) => edges.get(n) ?? [] };
}

/** Task numbers that `refs` name (unparsable ones left out: the decision names them). */
export function refNumbers(refs: readonly string[]): number[] {
  return refs.map(parseTaskNumber).filter((n): n is number => n !== null);
}

/**
 * What decideUpdate may read about the graph: nothing unless the patch sets dependencies; then the
 * statuses of the new dependencies and every edge a cycle search from them may walk.
 */
export async function updateView(w: PgWrite, patch: TaskPatch): Promise<DependencyView> {
  if (patch.depends_on === undefined) return loadedView(new Map());
  const q = queryOf(w);
  const deps = refNumbers(patch.depends_on);
  const edges = await sql.reachableEdges(q, w.projectId, deps);
  const statuses = await sql.statusesOf(q, w.projectId, [...new Set([...deps, ...edges.keys()])]);
  return loadedView(statuses, edges);
}
