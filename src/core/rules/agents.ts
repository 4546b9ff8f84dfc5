import { leaseExpired } from './leases.js';
import { ApiError } from '../errors.js';
import type { Agent, Task } from '../types.js';

/**
 * What an agent holds, as a store reads it in one bounded query: its in-progress and review tasks
 * counted, and its current task (the latest started of its in-progress tasks whose lease is live).
 */
export interface AgentWork {
  in_progress: number;
  in_review: number;
  current: { task_number: string; lease_expires_at: string | null } | null;
}

/** Agent status is derived from its tasks, so it can never go stale: working while it holds a live lease. */
export function agentFromWork(row: { name: string; last_seen: string }, work: AgentWork): Agent {
  return {
    name: row.name,
    status: work.current ? 'working' : 'idle',
    current_task: work.current?.task_number ?? null,
    lease_expires_at: work.current?.lease_expires_at ?? null,
    tasks_in_progress: work.in_progress,
    tasks_in_review: work.in_review,
    last_seen: row.last_seen,
  };
}

/** The same rule over the agent's active tasks, latest started first (what the stores' queries compute). */
export function deriveAgent(row: { name: string; last_seen: string }, tasks: readonly Task[], nowIso: string): Agent {
  const current = tasks.find(
    (t) => t.status === 'in-progress' && t.assignee === row.name && !leaseExpired(t.lease_expires_at, nowIso),
  );
  return agentFromWork(row, {
    in_progress: tasks.filter((t) => t.status === 'in-progress').length,
    in_review: tasks.filter((t) => t.status === 'review').length,
    current: current ? { task_number: current.task_number, lease_expires_at: current.lease_expires_at } : null,
  });
}

/** People acting through the dashboard or CLI without an agent name are not agents. */
const NOT_AGENTS = new Set(['human', 'system']);

/** Whether acting under `name` makes (or keeps) it a known agent of the project. */
export function isAgentName(name: string): boolean {
  return !NOT_AGENTS.has(name);
}

export function agentNotFound(name: string): ApiError {
  return new ApiError('agent_not_found', `No agent named ${name} has used this project`);
}
