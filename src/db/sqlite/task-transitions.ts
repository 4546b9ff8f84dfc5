import { dependentsAffected } from '../../core/rules/dependencies.js';
import { formatTaskNumber } from '../../core/rules/numbering.js';
import { numberOf } from '../../core/tasks/fields.js';
import { claimFilesChange } from '../../core/tasks/reservations.js';
import { decideDependent, decideLapse } from '../../core/tasks/system.js';
import { clearClaimFiles, setClaimFiles } from './file-holds.js';
import type { DecideContext, Decision, DependencyView, TaskState } from '../../core/tasks/types.js';
import type { ProjectSettings, Task } from '../../core/types.js';
import type { Db } from './database.js';
import type { WriteContext } from './events.js';
import { readSettings } from './meta.js';
import { changesToRow, publicTask, rowToState, taskNumbers } from '../task-rows.js';
import * as q from './task-queries.js';

/** Applying the decisions of core/tasks inside a write: the SQL side of load → decide → apply. */

/** Lapsed leases reclaimed per pickup; the rest wait for the next one (keeps a pickup short). */
const RECLAIM_BATCH = 50;

/** The decisions' context for a write; the settings are read from the database only if a decision asks. */
export function decideContext(ctx: WriteContext): DecideContext {
  return new WriteDecideContext(ctx);
}

class WriteDecideContext implements DecideContext {
  private loaded: ProjectSettings | undefined;
  readonly now: string;
  constructor(private readonly ctx: WriteContext) {
    this.now = ctx.now;
  }
  get settings(): ProjectSettings {
    this.loaded ??= readSettings(this.ctx.db);
    return this.loaded;
  }
}

/** The dependency graph, read on demand from the indexed task_deps table. */
export function dependencyView(db: Db): DependencyView {
  return { statusOf: (n) => q.statusOf(db, n), dependsOn: (n) => q.depsOf(db, n) };
}

/**
 * Write a decision about `before`: its fields, the index tables that mirror its tags and dependencies,
 * its events; then, in the same transaction, its dependents when its status crossed the satisfied line.
 */
export function applyDecision(ctx: WriteContext, before: TaskState, decision: Decision): Task {
  write(ctx, decision);
  const { patch, task } = decision;
  if (patch.tags !== undefined) q.setTaskTags(ctx.db, numberOf(task), patch.tags);
  if (patch.depends_on !== undefined) {
    q.setTaskDeps(ctx.db, numberOf(task), taskNumbers(patch.depends_on));
  }
  const held = claimFilesChange(before, task);
  if (held === 'set') setClaimFiles(ctx.db, numberOf(task), task.files);
  else if (held === 'clear') clearClaimFiles(ctx.db, numberOf(task));
  if (dependentsAffected(before.status, task.status)) resolveDependents(ctx, task);
  return publicTask(task);
}

function write(ctx: WriteContext, decision: Decision): void {
  q.updateTask(ctx.db, decision.task.id, changesToRow(decision.patch));
  for (const event of decision.events) ctx.record(event);
}

/**
 * Dependents of `trigger` gain `deps_met` (backlog → open) when all their dependencies are satisfied,
 * and lose it (open → backlog) when one moves back out.
 */
function resolveDependents(ctx: WriteContext, trigger: TaskState): void {
  const number = numberOf(trigger);
  for (const row of q.dependentsOf(ctx.db, number)) {
    const met = q.unmetDepsOf(ctx.db, row.number).length === 0;
    const decision = decideDependent(rowToState(row), met, formatTaskNumber(number), ctx);
    if (decision) write(ctx, decision);
  }
}

/** Leases that lapsed go back to the board (or to blocked after max_attempts); no timer needed. */
export function reclaimLapsedLeases(ctx: WriteContext, context: DecideContext): void {
  for (const row of q.expiredLeases(ctx.db, ctx.now, RECLAIM_BATCH)) {
    const before = rowToState(row);
    const decision = decideLapse(before, context);
    if (decision) applyDecision(ctx, before, decision);
  }
}
