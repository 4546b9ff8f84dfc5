import { allSatisfied, findCycle, statusForDeps } from '../core/dependencies.js';
import { ApiError } from '../core/errors.js';
import { leaseUntil } from '../core/leases.js';
import {
  assertCanApprove,
  assertHolder,
  assertLeaseHolder,
  assertStatus,
  CANCELLABLE,
  pickupRefusal,
  reviewDone,
  taskSnapshot,
} from '../core/lifecycle.js';
import { formatTaskNumber } from '../core/task-number.js';
import type {
  BoardStatus,
  NewTask,
  PickupRequest,
  TaskFilter,
  TaskPage,
  TaskPatch,
  TaskStore,
} from '../core/task-store.js';
import type { Agent, Task } from '../core/types.js';
import { knowAgent, touchAgent } from './agents.js';
import { readSettings } from './meta.js';
import type { SqliteDatabaseHandle } from './project-store.js';
import { rowToTask, type TaskRow, type TaskRowPatch } from './task-rows.js';
import * as q from './tasks.js';
import { createTasks } from './task-create.js';
import { readAgent, readAgents, readBoard } from './task-board.js';
import { changeStatus, leaseLength, reclaimLapsedLeases, statusSideEffects } from './task-transitions.js';
import { appendNote, cycleError, decodeCursor, encodeCursor, findTask, resolveDepRefs, unique } from './task-lookup.js';

/** Task board over SQLite: each method is one `BEGIN IMMEDIATE` transaction. */
export class SqliteTaskStore implements TaskStore {
  constructor(protected readonly h: SqliteDatabaseHandle) {}

  async create(all: NewTask[], actor: string): Promise<Task[]> {
    return this.h.write((ctx) => createTasks(ctx, all, actor));
  }

  async list(filter: TaskFilter): Promise<TaskPage> {
    return this.h.read((db) => {
      const rows = q.listTaskRows(db, {
        statuses: filter.status,
        assignee: filter.assignee,
        epic: filter.epic,
        tag: filter.tag,
        after: filter.cursor ? decodeCursor(filter.cursor) : undefined,
        limit: filter.limit + 1,
      });
      const page = rows.slice(0, filter.limit);
      const last = page[page.length - 1];
      return {
        tasks: page.map(rowToTask),
        next_cursor: rows.length > filter.limit && last ? encodeCursor(last) : null,
      };
    });
  }

  async get(ref: string): Promise<Task> {
    return this.h.read((db) => rowToTask(findTask(db, ref)));
  }

  async mine(agent: string): Promise<Task[]> {
    return this.h.read((db) => q.tasksOfAgent(db, agent, ['in-progress', 'review']).map(rowToTask));
  }

  async pickup(req: PickupRequest): Promise<Task | null> {
    // A refusal is returned from the write, not thrown in it, so the lapsed leases it reclaimed commit.
    const outcome = await this.h.write((ctx): Task | null | ApiError => {
      const settings = readSettings(ctx.db);
      reclaimLapsedLeases(ctx, settings.max_attempts);
      touchAgent(ctx.db, req.agent, ctx.now);
      let row: TaskRow | undefined;
      if (req.task_ref !== undefined) {
        row = q.taskByRef(ctx.db, req.task_ref);
        if (!row) return new ApiError('task_not_found', `No task ${req.task_ref} in this project`);
        const unmet = q
          .unmetDepsOf(ctx.db, row.number)
          .map((d) => ({ task_number: formatTaskNumber(d.number), status: d.status }));
        if (row.status !== 'open' || unmet.length > 0)
          return new ApiError('conflict', pickupRefusal(rowToTask(row), unmet));
      } else {
        row = q.pickupCandidate(ctx.db);
        if (!row) return null;
      }
      const patch: TaskRowPatch = {
        status: 'in-progress',
        assignee: req.agent,
        started_at: ctx.now,
        attempts: row.attempts + 1,
        lease_expires_at: leaseUntil(new Date(ctx.now), req.lease_seconds ?? settings.lease_seconds),
        lease_seconds: req.lease_seconds ?? null,
        completed_at: null,
        updated_at: ctx.now,
      };
      q.updateTask(ctx.db, row.id, patch);
      const task = rowToTask({ ...row, ...patch });
      ctx.record({ type: 'task.pickup', entity_id: task.id, actor: req.agent, payload: taskSnapshot(task) });
      return task;
    });
    if (outcome instanceof ApiError) throw outcome;
    return outcome;
  }

  async done(
    ref: string,
    by: { agent: string; notes?: string | undefined; force?: boolean | undefined },
  ): Promise<Task> {
    return this.h.write((ctx) => {
      const row = findTask(ctx.db, ref);
      const task = rowToTask(row);
      touchAgent(ctx.db, by.agent, ctx.now);
      assertStatus(task, ['in-progress', 'review'], 'marked done');
      if (task.status === 'review') {
        if (reviewDone(task, by.agent) === 'no-op') return task;
        return changeStatus(
          ctx,
          row,
          'done',
          by.agent,
          'task.approved',
          { notes: appendNote(row, by.agent, by.notes, ctx.now) },
          {},
        );
      }
      assertHolder(task, by.agent, 'complete', by.force);
      return changeStatus(
        ctx,
        row,
        'review',
        by.agent,
        'task.done',
        { notes: appendNote(row, by.agent, by.notes, ctx.now), lease_expires_at: null },
        by.force && task.assignee !== by.agent ? { forced: true, previous_assignee: task.assignee } : {},
      );
    });
  }

  async approve(ref: string, by: { actor: string; notes?: string | undefined }): Promise<Task> {
    return this.h.write((ctx) => {
      const row = findTask(ctx.db, ref);
      assertCanApprove(rowToTask(row), by.actor);
      touchAgent(ctx.db, by.actor, ctx.now);
      return changeStatus(
        ctx,
        row,
        'done',
        by.actor,
        'task.approved',
        { notes: appendNote(row, by.actor, by.notes, ctx.now) },
        {},
      );
    });
  }

  async reject(ref: string, by: { actor: string; reason: string }): Promise<Task> {
    return this.h.write((ctx) => {
      const row = findTask(ctx.db, ref);
      assertStatus(rowToTask(row), ['review'], 'rejected');
      touchAgent(ctx.db, by.actor, ctx.now);
      // Back to whoever implemented it, with a fresh lease; with no implementer, back to the board.
      const next = row.assignee ? 'in-progress' : row.deps_met === 1 ? 'open' : 'backlog';
      const notes = appendNote(row, by.actor, `Rejected: ${by.reason}`, ctx.now);
      const lease_expires_at =
        next === 'in-progress' ? leaseUntil(new Date(ctx.now), readSettings(ctx.db).lease_seconds) : null;
      return changeStatus(
        ctx,
        row,
        next,
        by.actor,
        'task.rejected',
        { notes, lease_expires_at },
        { reason: by.reason },
      );
    });
  }

  async cancel(ref: string, by: { actor: string; reason: string }): Promise<Task> {
    return this.h.write((ctx) => {
      const row = findTask(ctx.db, ref);
      assertStatus(rowToTask(row), CANCELLABLE, 'cancelled');
      touchAgent(ctx.db, by.actor, ctx.now);
      const notes = appendNote(row, by.actor, `Cancelled: ${by.reason}`, ctx.now);
      return changeStatus(
        ctx,
        row,
        'cancelled',
        by.actor,
        'task.cancelled',
        { notes, lease_expires_at: null, blocker_reason: null },
        { reason: by.reason },
      );
    });
  }

  async block(ref: string, by: { actor: string; reason: string }): Promise<Task> {
    return this.h.write((ctx) => {
      const row = findTask(ctx.db, ref);
      assertStatus(rowToTask(row), ['backlog', 'open', 'in-progress'], 'blocked');
      touchAgent(ctx.db, by.actor, ctx.now);
      return changeStatus(
        ctx,
        row,
        'blocked',
        by.actor,
        'task.blocked',
        { blocker_reason: by.reason, lease_expires_at: null },
        { reason: by.reason },
      );
    });
  }

  async unblock(ref: string, by: { actor: string }): Promise<Task> {
    return this.h.write((ctx) => {
      const row = findTask(ctx.db, ref);
      assertStatus(rowToTask(row), ['blocked'], 'unblocked');
      const next = row.deps_met === 1 ? 'open' : 'backlog';
      return changeStatus(
        ctx,
        row,
        next,
        by.actor,
        'task.unblocked',
        { blocker_reason: null, assignee: null, lease_expires_at: null },
        { previous_reason: row.blocker_reason },
      );
    });
  }

  async release(ref: string, by: { agent: string; force?: boolean | undefined }): Promise<Task> {
    return this.h.write((ctx) => {
      const row = findTask(ctx.db, ref);
      const task = rowToTask(row);
      assertStatus(task, ['in-progress'], 'released');
      assertHolder(task, by.agent, 'release', by.force);
      touchAgent(ctx.db, by.agent, ctx.now);
      const next = row.deps_met === 1 ? 'open' : 'backlog';
      return changeStatus(
        ctx,
        row,
        next,
        by.agent,
        'task.released',
        { assignee: null, lease_expires_at: null },
        { previous_assignee: task.assignee },
      );
    });
  }

  async heartbeat(ref: string, by: { agent: string; lease_seconds?: number | undefined }): Promise<Task> {
    return this.h.write((ctx) => {
      const row = findTask(ctx.db, ref);
      const task = rowToTask(row);
      assertLeaseHolder(task, by.agent);
      touchAgent(ctx.db, by.agent, ctx.now);
      const patch: TaskRowPatch = {
        lease_expires_at: leaseUntil(new Date(ctx.now), by.lease_seconds ?? leaseLength(ctx.db, row)),
        updated_at: ctx.now,
      };
      if (by.lease_seconds !== undefined) patch.lease_seconds = by.lease_seconds;
      q.updateTask(ctx.db, row.id, patch);
      const updated = rowToTask({ ...row, ...patch });
      ctx.record({
        type: 'task.heartbeat',
        entity_id: updated.id,
        actor: by.agent,
        payload: { task_number: updated.task_number, lease_expires_at: updated.lease_expires_at },
      });
      return updated;
    });
  }

  async addNote(ref: string, note: { author: string; text: string }): Promise<Task> {
    return this.h.write((ctx) => {
      const row = findTask(ctx.db, ref);
      const patch: TaskRowPatch = { notes: appendNote(row, note.author, note.text, ctx.now), updated_at: ctx.now };
      touchAgent(ctx.db, note.author, ctx.now);
      // Any write by the holder counts as a sign of life.
      if (row.status === 'in-progress' && row.assignee === note.author && row.lease_expires_at !== null) {
        patch.lease_expires_at = leaseUntil(new Date(ctx.now), leaseLength(ctx.db, row));
      }
      q.updateTask(ctx.db, row.id, patch);
      const task = rowToTask({ ...row, ...patch });
      ctx.record({
        type: 'task.note',
        entity_id: task.id,
        actor: note.author,
        payload: { task_number: task.task_number, text: note.text },
      });
      return task;
    });
  }

  async update(ref: string, patch: TaskPatch, actor: string): Promise<Task> {
    return this.h.write((ctx) => {
      const row = findTask(ctx.db, ref);
      const changes: TaskRowPatch = {};
      if (patch.title !== undefined) changes.title = patch.title;
      if (patch.description !== undefined) changes.description = patch.description;
      if (patch.priority !== undefined) changes.priority = patch.priority;
      if (patch.epic !== undefined) changes.epic = patch.epic;
      if (patch.verify !== undefined) changes.verify = patch.verify;
      if (patch.capabilities !== undefined) changes.capabilities = JSON.stringify(unique(patch.capabilities));
      if (patch.acceptance_criteria !== undefined)
        changes.acceptance_criteria = JSON.stringify(patch.acceptance_criteria);
      if (patch.context_refs !== undefined) changes.context_refs = JSON.stringify(patch.context_refs);
      if (patch.assignee !== undefined) changes.assignee = patch.assignee;
      if (patch.assignee) knowAgent(ctx.db, patch.assignee, ctx.now);
      touchAgent(ctx.db, actor, ctx.now);
      if (patch.blocker_reason !== undefined) changes.blocker_reason = patch.blocker_reason;
      if (patch.tags !== undefined) {
        changes.tags = JSON.stringify(unique(patch.tags));
        q.setTaskTags(ctx.db, row.number, unique(patch.tags));
      }
      let depsMet = row.deps_met === 1;
      if (patch.depends_on !== undefined) {
        const deps = resolveDepRefs(ctx.db, patch.depends_on, 'depends_on', []);
        const cycle = findCycle(row.number, (n) => (n === row.number ? deps : q.depsOf(ctx.db, n)));
        if (cycle) throw cycleError(cycle, 'depends_on');
        q.setTaskDeps(ctx.db, row.number, deps);
        changes.depends_on = JSON.stringify(deps);
        depsMet = allSatisfied(deps.map((d) => q.statusOf(ctx.db, d) ?? 'open'));
        changes.deps_met = depsMet ? 1 : 0;
      }
      let status = patch.status ?? row.status;
      // Only a status the caller did not choose follows the dependencies.
      if (patch.status === undefined) status = statusForDeps(status, depsMet);
      const fields = Object.keys(patch).filter((k) => (patch as Record<string, unknown>)[k] !== undefined);
      if (status !== row.status) {
        Object.assign(changes, statusSideEffects(ctx, row, status, patch, actor));
        return changeStatus(ctx, row, status, actor, 'task.updated', changes, { fields });
      }
      changes.updated_at = ctx.now;
      if (
        row.status === 'in-progress' &&
        row.assignee === actor &&
        row.lease_expires_at !== null &&
        changes.assignee === undefined
      ) {
        changes.lease_expires_at = leaseUntil(new Date(ctx.now), leaseLength(ctx.db, row));
      }
      q.updateTask(ctx.db, row.id, changes);
      const task = rowToTask({ ...row, ...changes });
      ctx.record({ type: 'task.updated', entity_id: task.id, actor, payload: { ...taskSnapshot(task), fields } });
      return task;
    });
  }

  async agents(): Promise<Agent[]> {
    return this.h.read((db) => readAgents(db, this.h.clock.now().toISOString()));
  }

  async agent(name: string): Promise<Agent> {
    return this.h.read((db) => readAgent(db, name, this.h.clock.now().toISOString()));
  }

  async board(): Promise<BoardStatus> {
    return this.h.read((db) => readBoard(db, this.h.clock.now().toISOString()));
  }

  async nextLeaseExpiry(): Promise<string | null> {
    return this.h.read(q.nextLeaseExpiry);
  }
}
