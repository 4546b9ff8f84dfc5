import { leaseExpired } from './leases.js';
import type { Agent, Task } from './types.js';

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
