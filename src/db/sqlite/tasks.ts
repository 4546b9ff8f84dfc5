import { ApiError } from '../../core/errors.js';
import { encodeCursor, decodeCursor } from '../../core/rules/cursor.js';
import {
  decideApprove,
  decideBlock,
  decideCancel,
  decideComplete,
  decideHeartbeat,
  decideNote,
  decideReject,
  decideRelease,
  decideUnblock,
} from '../../core/tasks/decide.js';
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
import { knowAgent, touchAgent } from './agents.js';
import type { SqliteDatabaseHandle } from './project-database.js';
import { rowToTask } from '../task-rows.js';
import * as q from './task-queries.js';
import { createTasks } from './task-create.js';
import { readAgent, readAgents, readBoard } from './task-board.js';
import { applyDecision, decideContext, dependencyView } from './task-transitions.js';
import { findTask, loadTask } from './task-lookup.js';
import { claimInWrite } from './task-pickup.js';
import type { TaskSearch, TaskSearchHit } from '../../core/rules/task-search.js';
import { searchTaskRows } from './task-search.js';
import { listTaskJson, listTaskRows } from './task-list.js';
import type { TaskListQuery } from '../list-query.js';
import { dependentRows } from './task-dependents.js';

/**
 * Task board over SQLite: each method is one `BEGIN IMMEDIATE` transaction that loads what a decision
 * of core/tasks needs, decides, and applies the result (see task-transitions.ts). No rule lives here.
 */
export class SqliteTaskStore implements TaskStore {
  constructor(protected readonly h: SqliteDatabaseHandle) {}

  async create(all: NewTask[], actor: string): Promise<Task[]> {
    return this.h.write((ctx) => createTasks(ctx, all, actor));
  }

  async list(filter: TaskFilter): Promise<TaskPage> {
    return this.h.read((db) => {
      const rows = listTaskRows(db, listQuery(filter));
      const page = rows.slice(0, filter.limit);
      const last = page[page.length - 1];
      return {
        tasks: page.map(rowToTask),
        next_cursor: rows.length > filter.limit && last ? encodeCursor(last) : null,
      };
    });
  }

  async listJson(filter: TaskFilter, projectId: string): Promise<TaskJsonPage> {
    return this.h.read((db) => {
      const rows = listTaskJson(db, listQuery(filter), projectId);
      const page = rows.slice(0, filter.limit);
      const last = page[page.length - 1];
      return {
        tasks_json: `[${page.map((r) => r.json).join(',')}]`,
        next_cursor: rows.length > filter.limit && last ? encodeCursor(last) : null,
      };
    });
  }

  async get(ref: string): Promise<Task> {
    return this.h.read((db) => rowToTask(findTask(db, ref)));
  }

  async search(query: TaskSearch): Promise<TaskSearchHit[]> {
    return this.h.read((db) => searchTaskRows(db, query));
  }

  async dependents(ref: string): Promise<Task[]> {
    return this.h.read((db) => dependentRows(db, ref));
  }

  async mine(agent: string): Promise<Task[]> {
    return this.h.read((db) => q.tasksOfAgent(db, agent, ['in-progress', 'review']).map(rowToTask));
  }

  async pickup(req: PickupRequest): Promise<Task | null> {
    return (await this.pickupExplained(req)).task;
  }

  async pickupExplained(req: PickupRequest): Promise<PickupOutcome> {
    const outcome = await this.h.write((ctx) => claimInWrite(ctx, req));
    if (outcome instanceof ApiError) throw outcome;
    return outcome;
  }

  async done(ref: string, by: DoneBy): Promise<Task> {
    return this.h.write((ctx) => {
      const task = loadTask(ctx.db, ref);
      touchAgent(ctx.db, by.agent, ctx.now);
      return applyDecision(ctx, task, decideComplete(task, by, decideContext(ctx)));
    });
  }

  async approve(ref: string, by: { actor: string; notes?: string | undefined }): Promise<Task> {
    return this.h.write((ctx) => {
      const task = loadTask(ctx.db, ref);
      touchAgent(ctx.db, by.actor, ctx.now);
      return applyDecision(ctx, task, decideApprove(task, by, decideContext(ctx)));
    });
  }

  async reject(ref: string, by: { actor: string; reason: string }): Promise<Task> {
    return this.h.write((ctx) => {
      const task = loadTask(ctx.db, ref);
      touchAgent(ctx.db, by.actor, ctx.now);
      return applyDecision(ctx, task, decideReject(task, by, decideContext(ctx)));
    });
  }

  async cancel(ref: string, by: { actor: string; reason: string }): Promise<Task> {
    return this.h.write((ctx) => {
      const task = loadTask(ctx.db, ref);
      touchAgent(ctx.db, by.actor, ctx.now);
      return applyDecision(ctx, task, decideCancel(task, by, decideContext(ctx)));
    });
  }

  async block(ref: string, by: { actor: string; reason: string }): Promise<Task> {
    return this.h.write((ctx) => {
      const task = loadTask(ctx.db, ref);
      touchAgent(ctx.db, by.actor, ctx.now);
      return applyDecision(ctx, task, decideBlock(task, by, decideContext(ctx)));
    });
  }

  async unblock(ref: string, by: { actor: string }): Promise<Task> {
    return this.h.write((ctx) => {
      const task = loadTask(ctx.db, ref);
      return applyDecision(ctx, task, decideUnblock(task, by, decideContext(ctx)));
    });
  }

  async release(ref: string, by: { agent: string; force?: boolean | undefined }): Promise<Task> {
    return this.h.write((ctx) => {
      const task = loadTask(ctx.db, ref);
      touchAgent(ctx.db, by.agent, ctx.now);
      return applyDecision(ctx, task, decideRelease(task, by, decideContext(ctx)));
    });
  }

  async heartbeat(ref: string, by: { agent: string; lease_seconds?: number | undefined }): Promise<Task> {
    return this.h.write((ctx) => {
      const task = loadTask(ctx.db, ref);
      touchAgent(ctx.db, by.agent, ctx.now);
      return applyDecision(ctx, task, decideHeartbeat(task, by, decideContext(ctx)));
    });
  }

  async addNote(ref: string, note: { author: string; text: string }): Promise<Task> {
    return this.h.write((ctx) => {
      const task = loadTask(ctx.db, ref);
      touchAgent(ctx.db, note.author, ctx.now);
      return applyDecision(ctx, task, decideNote(task, note, decideContext(ctx)));
    });
  }

  async update(ref: string, patch: TaskPatch, actor: string): Promise<Task> {
    return this.h.write((ctx) => {
      const task = loadTask(ctx.db, ref);
      if (patch.assignee) knowAgent(ctx.db, patch.assignee, ctx.now);
      touchAgent(ctx.db, actor, ctx.now);
      const decision = decideUpdate(task, patch, actor, decideContext(ctx), dependencyView(ctx.db));
      return applyDecision(ctx, task, decision);
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

/** One more than the page, to know whether another follows. */
function listQuery(filter: TaskFilter): TaskListQuery {
  return {
    statuses: filter.status,
    assignee: filter.assignee,
    epic: filter.epic,
    tag: filter.tag,
    after: filter.cursor ? decodeCursor(filter.cursor) : undefined,
    limit: filter.limit + 1,
  };
}
