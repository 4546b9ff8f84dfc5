import { agentFromWork, agentNotFound } from '../../core/rules/agents.js';
import { formatTaskNumber } from '../../core/rules/numbering.js';
import type { BoardStatus } from '../../core/task-store.js';
import { TASK_STATUSES, type Agent, type TaskStatus } from '../../core/types.js';
import { agentWorkRows, type AgentWorkRow } from './agents.js';
import type { Db } from './database.js';
import { allHolds } from './file-holds.js';
import * as q from './task-queries.js';

/** Read side of the board: agents derived from their tasks, and the board summary. */

export function readAgents(db: Db, now: string): Agent[] {
  return agentWorkRows(db, now).map(toAgent);
}

export function readAgent(db: Db, name: string, now: string): Agent {
  const row = agentWorkRows(db, now, name)[0];
  if (!row) throw agentNotFound(name);
  return toAgent(row);
}

function toAgent(r: AgentWorkRow): Agent {
  return agentFromWork(r, {
    in_progress: r.in_progress,
    in_review: r.in_review,
    current:
      r.current_number === null
        ? null
        : { task_number: formatTaskNumber(r.current_number), lease_expires_at: r.current_lease },
  });
}

export function readBoard(db: Db, now: string): BoardStatus {
  const counts = Object.fromEntries(TASK_STATUSES.map((s) => [s, 0])) as Record<TaskStatus, number>;
  for (const [s, n] of q.countByStatus(db)) counts[s] = n;
  return {
    counts,
    total: Object.values(counts).reduce((a, b) => a + b, 0),
    blocked: q.blockedTasks(db, 100).map((r) => ({
      task_number: formatTaskNumber(r.number),
      title: r.title,
      blocker_reason: r.blocker_reason,
      assignee: r.assignee,
    })),
    expired_leases: q.lapsedLeases(db, now, 100).map((r) => ({
      task_number: formatTaskNumber(r.number),
      title: r.title,
      assignee: r.assignee,
      lease_expires_at: r.lease_expires_at,
    })),
    agents: readAgents(db, now),
    reservations: allHolds(db, now, 100),
  };
}
