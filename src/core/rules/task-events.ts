import type { Task } from '../types.js';

/** The compact snapshot of a task that every task event carries, taken after the change. */
export function taskSnapshot(task: Task): Record<string, unknown> {
  return {
    task_number: task.task_number,
    title: task.title,
    status: task.status,
    priority: task.priority,
    assignee: task.assignee,
    epic: task.epic,
    deps_met: task.deps_met,
    attempts: task.attempts,
    lapses: task.lapses,
    lease_expires_at: task.lease_expires_at,
  };
}
