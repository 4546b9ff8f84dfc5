import { ApiError } from '../../core/errors.js';
import { decodeCursor } from '../../core/rules/cursor.js';
import { taskNotFound } from '../../core/rules/lifecycle.js';
import * as decide from '../../core/tasks/decide.js';
import type { Decision, TaskState } from '../../core/tasks/types.js';
import { decideUpdate } from '../../core/tasks/update.js';
import type {
  BoardStatus,
  DoneBy,
  NewTask,
  PickupOutcome,
  PickupRequest,
  TaskFilter,
  TaskJsonPage,
  TaskPage,
  TaskPatch,
  TaskStore,
} from '../../core/task-store.js';
import type { Agent, Task } from '../../core/types.js';
import { publicTask } from '../task-rows.js';
import { knowAgent, readAgent, readAgents, touchAgent } from './agents.js';
import { listTasks, readBoard } from './board.js';
import { applyDecision, queryOf, reclaimLapsedLeases, updateView } from './task-apply.js';
import { createTasks } from './task-create.js';
import { rowToState } from './task-rows.js';
import * as sql from './task-sql.js';
import type { PgWrite } from './write.js';
import { claimBatcher } from './claim-batch.js';
import type { Batcher } from './group-commit.js';
import { claimInWrite } from './task-pickup.js';
import type { TaskSearch, TaskSearchHit } from '../../core/rules/task-search.js';
import { searchTaskRows } from './task-search.js';
import { dependentRows } from './task-dependents.js';

/** What the task store is built over: the project's transactions and reads (see PgProjectStore). */
export interface PgProjectAccess {
  readonly projectId: string;
  write<T>(fn: (w: PgWrite) => Promise<T>): Promise<T>;
  /** A write that the group commit does together with the others of its batcher (see PgGroupCommit). */
  writeBatched<I, R>(batcher: Batcher<I, R>, input: I): Promise<R>;
  readonly query: sql.Query;
  now(): string;
}

/**
 * Task board over PostgreSQL: each method is one transaction that locks the project's counter row,
 * loads what a decision of core/tasks needs, decides, and applies the result (see task-apply.ts). No
 * rule lives here.
 */
export class PgTaskStore implements TaskStore {
  constructor(private readonly p: PgProjectAccess) {}

  create(inputs: NewTask[], actor: string): Promise<Task[]> {
    return this.p.write((w) => createTasks(w, inputs, actor));
  }

  async list(filter: TaskFilter): Promise<TaskPage> {
    return listTasks(this.p.query, this.p.projectId, {
      statuses: filter.status,
      assignee: filter.assignee,
      epic: filter.epic,
      tag: filter.tag,
      after: filter.cursor ? decodeCursor(filter.cursor) : undefined,
      limit: filter.limit,
    });
  }

  async listJson(filter: TaskFilter, projectId: string): Promise<TaskJsonPage> {
    const page = await this.list(filter);
    return {
      tasks_json: JSON.stringify(page.tasks.map((t) => ({ ...t, project_id: projectId }))),
      next_cursor: page.next_cursor,
    };
  }

  async get(ref: string): Promise<Task> {
    const row = await sql.taskByRef(this.p.query, this.p.projectId, ref);
    if (!row) throw taskNotFound(ref);
    return publicTask(rowToState(row));
  }

  search(query: TaskSearch): Promise<TaskSearchHit[]> {
    return searchTaskRows(this.p.query, this.p.projectId, query);
  }

  dependents(ref: string): Promise<Task[]> {
    return dependentRows(this.p.query, this.p.projectId, ref);
  }

  async mine(agent: string): Promise<Task[]> {
    const rows = await this.p.query(
      `SELECT * FROM tasks WHERE project_id = $1 AND assignee = $2 AND status IN ('in-progress', 'review')
       ORDER BY priority, number`,
      [this.p.projectId, agent],
    );
    return rows.map((r) => publicTask(rowToState(r)));
  }

  async pickup(req: PickupRequest): Promise<Task | null> {
    return (await this.pickupExplained(req)).task;
  }

  async pickupExplained(req: PickupRequest): Promise<PickupOutcome> {
    // A refusal is returned from the write, not thrown in it, so the lapsed leases it reclaimed commit.
    // Claims of the best task that meet in one group commit are made together (see claim-batch.ts).
    const outcome =
      req.task_ref === undefined
        ? await this.p.writeBatched(claimBatcher, req)
        : await this.p.write(async (w) => {
            await reclaimLapsedLeases(w);
            touchAgent(w, req.agent);
            return claimInWrite(w, req);
          });
    if (outcome instanceof ApiError) throw outcome;
    return outcome;
  }

  done(ref: string, by: DoneBy): Promise<Task> {
    return this.transition(ref, by.agent, (task, w) => decide.decideComplete(task, by, w));
  }

  approve(ref: string, by: { actor: string; notes?: string | undefined }): Promise<Task> {
    return this.transition(ref, by.actor, (task, w) => decide.decideApprove(task, by, w));
  }

  reject(ref: string, by: { actor: string; reason: string }): Promise<Task> {
    return this.transition(ref, by.actor, (task, w) => decide.decideReject(task, by, w));
  }

  cancel(ref: string, by: { actor: string; reason: string }): Promise<Task> {
    return this.transition(ref, by.actor, (task, w) => decide.decideCancel(task, by, w));
  }

  block(ref: string, by: { actor: string; reason: string }): Promise<Task> {
    return this.transition(ref, by.actor, (task, w) => decide.decideBlock(task, by, w));
  }

  unblock(ref: string, by: { actor: string }): Promise<Task> {
    return this.transition(ref, undefined, (task, w) => decide.decideUnblock(task, by, w));
  }

  release(ref: string, by: { agent: string; force?: boolean | undefined }): Promise<Task> {
    return this.transition(ref, by.agent, (task, w) => decide.decideRelease(task, by, w));
  }

  heartbeat(ref: string, by: { agent: string; lease_seconds?: number | undefined }): Promise<Task> {
    return this.transition(ref, by.agent, (task, w) => decide.decideHeartbeat(task, by, w));
  }

  addNote(ref: string, note: { author: string; text: string }): Promise<Task> {
    return this.transition(ref, note.author, (task, w) => decide.decideNote(task, note, w));
  }

  update(ref: string, patch: TaskPatch, actor: string): Promise<Task> {
    return this.p.write(async (w) => {
      const q = queryOf(w);
      const task = await loadTask(w, ref);
      if (patch.assignee) await knowAgent(q, w.projectId, patch.assignee, w.now);
      touchAgent(w, actor);
      const graph = await updateView(w, patch);
      return applyDecision(w, task, decideUpdate(task, patch, actor, w, graph), graph);
    });
  }

  agents(): Promise<Agent[]> {
    return readAgents(this.p.query, this.p.projectId, this.p.now());
  }

  agent(name: string): Promise<Agent> {
    return readAgent(this.p.query, this.p.projectId, name, this.p.now());
  }

  board(): Promise<BoardStatus> {
    return readBoard(this.p.query, this.p.projectId, this.p.now());
  }

  nextLeaseExpiry(): Promise<string | null> {
    return sql.nextLeaseExpiry(this.p.query, this.p.projectId);
  }

  /** Load the task, note the actor as seen (unless none), decide, apply: one transaction. */
  private transition(
    ref: string,
    actor: string | undefined,
    decideOn: (task: TaskState, w: PgWrite) => Decision,
  ): Promise<Task> {
    return this.p.write(async (w) => {
      const task = await loadTask(w, ref);
      if (actor !== undefined) touchAgent(w, actor);
      return applyDecision(w, task, decideOn(task, w));
    });
  }
}

async function loadTask(w: PgWrite, ref: string): Promise<TaskState> {
  const row = await sql.taskByRef(queryOf(w), w.projectId, ref);
  if (!row) throw taskNotFound(ref);
  return rowToState(row);
}
