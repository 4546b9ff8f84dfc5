import { allSatisfied, cycleError, findCycle, resolveDepRefs, statusForDeps } from '../rules/dependencies.js';
import { holdsLiveLease, leaseLength, leaseUntil } from '../rules/leases.js';
import { formatTaskNumber } from '../rules/numbering.js';
import { normalizeFiles } from '../rules/reservations.js';
import { taskSnapshot } from '../rules/task-events.js';
import type { TaskPatch } from '../task-store.js';
import type { TaskStatus } from '../types.js';
import { changed, numberOf, unique } from './fields.js';
import { transition } from './transition.js';
import type { DecideContext, Decision, DependencyView, TaskChanges, TaskState } from './types.js';

/**
 * An update (the human override): any field, any status. New dependencies must exist and form no
 * cycle; a status the caller did not set follows them (backlog ↔ open); a status change brings the
 * side effects of `statusSideEffects` and, once applied, dependents resolution like any other route.
 */
export function decideUpdate(
  task: TaskState,
  patch: TaskPatch,
  actor: string,
  ctx: DecideContext,
  graph: DependencyView,
): Decision {
  const changes = fieldChanges(patch);
  let depsMet = task.deps_met;
  if (patch.depends_on !== undefined) {
    const self = numberOf(task);
    const deps = resolveDepRefs(patch.depends_on, 'depends_on', (n) => graph.statusOf(n) !== undefined);
    const cycle = findCycle(self, (n) => (n === self ? deps : graph.dependsOn(n)));
    if (cycle) throw cycleError(cycle, 'depends_on');
    changes.depends_on = deps.map(formatTaskNumber);
    depsMet = allSatisfied(deps.map((d) => graph.statusOf(d) ?? 'open'));
    changes.deps_met = depsMet;
  }
  // Only a status the caller did not choose follows the dependencies.
  const status = patch.status ?? statusForDeps(task.status, depsMet);
  const fields = Object.keys(patch).filter((k) => (patch as Record<string, unknown>)[k] !== undefined);
  if (status !== task.status) {
    Object.assign(changes, statusSideEffects(task, status, patch, actor, ctx));
    return transition(task, status, actor, 'task.updated', changes, { fields }, ctx.now);
  }
  changes.updated_at = ctx.now;
  if (holdsLiveLease(task, actor) && changes.assignee === undefined) {
    changes.lease_expires_at = leaseUntil(new Date(ctx.now), leaseLength(task, ctx));
  }
  return changed(task, changes, 'task.updated', actor, (after) => ({ ...taskSnapshot(after), fields }));
}

/** The plain field edits of a patch (tags and capabilities without repeats). */
function fieldChanges(patch: TaskPatch): TaskChanges {
  const changes: TaskChanges = {};
  if (patch.title !== undefined) changes.title = patch.title;
  if (patch.description !== undefined) changes.description = patch.description;
  if (patch.priority !== undefined) changes.priority = patch.priority;
  if (patch.epic !== undefined) changes.epic = patch.epic;
  if (patch.verify !== undefined) changes.verify = patch.verify;
  if (patch.capabilities !== undefined) changes.capabilities = unique(patch.capabilities);
  if (patch.acceptance_criteria !== undefined) changes.acceptance_criteria = [...patch.acceptance_criteria];
  if (patch.context_refs !== undefined) changes.context_refs = [...patch.context_refs];
  if (patch.assignee !== undefined) changes.assignee = patch.assignee;
  if (patch.blocker_reason !== undefined) changes.blocker_reason = patch.blocker_reason;
  if (patch.tags !== undefined) changes.tags = unique(patch.tags);
  if (patch.files !== undefined) changes.files = normalizeFiles(patch.files);
  return changes;
}

/**
 * Field changes that follow a hand-set status: in-progress with an assignee gets a lease, any other
 * status none; back on the board nobody holds it; blocked always says why; leaving blocked clears the
 * reason. Fields the patch sets itself win.
 */
export function statusSideEffects(
  task: TaskState,
  next: TaskStatus,
  patch: TaskPatch,
  actor: string,
  ctx: DecideContext,
): TaskChanges {
  const out: TaskChanges = {};
  if (next === 'in-progress') {
    const assignee = patch.assignee !== undefined ? patch.assignee : task.assignee;
    out.lease_expires_at = assignee ? leaseUntil(new Date(ctx.now), leaseLength(task, ctx)) : null;
  } else {
    out.lease_expires_at = null;
  }
  if ((next === 'open' || next === 'backlog') && patch.assignee === undefined) out.assignee = null;
  if (next === 'blocked' && !patch.blocker_reason && !task.blocker_reason)
    out.blocker_reason = `Set to blocked by ${actor}`;
  if (next !== 'blocked' && patch.blocker_reason === undefined) out.blocker_reason = null;
  return out;
}
