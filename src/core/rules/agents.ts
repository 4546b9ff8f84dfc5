import { leaseExpired } from './leases.js';
import { ApiError } from '../errors.js';
import type { Agent, Task } from '../types.js';

/** Agent status is derived from its tasks, so it can never go stale: working while it holds a live lease. */
export function deriveAgent(row: { name: string; last_seen: string }, tasks: readonly Task[], nowIso: string): Agent {
  const holding = tasks.filter(
    (t) => t.status === 'in-progress' && t.assignee === row.name && !leaseExpired(t.lease_expires_at, nowIso),
  );
  const current = holding[0];
  return {
    name: row.name,
    status: current ? 'working' : 'idle',
    current_task: current?.task_number ?? null,
    lease_expires_at: current?.lease_expires_at ?? null,
    tasks_in_progress: tasks.filter((t) => t.status === 'in-progress').length,
    tasks_in_review: tasks.filter((t) => t.status === 'review').length,
    last_seen: row.last_seen,
  };
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
