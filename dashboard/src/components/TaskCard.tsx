import type { Task } from '../api.js';
import { useApp } from '../context.js';
import { leaseState } from '../time.js';

export function PriorityBadge({ priority }: { priority: string }) {
  return <span class={`badge prio prio-${priority.toLowerCase()}`}>{priority}</span>;
}

export function StatusBadge({ status }: { status: string }) {
  return <span class={`badge status status-${status}`}>{status}</span>;
}

/** One task on the board: a button, so it is reachable with Tab and opens with Enter. */
export function TaskCard({ task, now }: { task: Task; now: number }) {
  const { openTask } = useApp();
  const lease = task.status === 'in-progress' ? leaseState(task.lease_expires_at, now) : null;
  return (
    <button
      type="button"
      class={`card card-${task.status}`}
      data-task={task.task_number}
      onClick={() => openTask(task.task_number)}
    >
      <span class="card-top">
        <span class="num">{task.task_number}</span>
        <PriorityBadge priority={task.priority} />
        {lease && <span class={`lease${lease.expired ? ' lease-expired' : ''}`}>{lease.text}</span>}
      </span>
      <span class="card-title">{task.title}</span>
      {task.status === 'blocked' && task.blocker_reason && <span class="card-reason">{task.blocker_reason}</span>}
      {(task.epic || task.tags.length > 0 || task.assignee || (!task.deps_met && task.depends_on.length > 0)) && (
        <span class="card-meta">
          {task.epic && <span class="chip chip-epic">{task.epic}</span>}
          {task.tags.slice(0, 4).map((t) => (
            <span key={t} class="chip">
              #{t}
            </span>
          ))}
          {!task.deps_met && task.depends_on.length > 0 && (
            <span class="chip chip-wait">waits on {task.depends_on.join(', ')}</span>
          )}
          {task.assignee && <span class="assignee">@{task.assignee}</span>}
        </span>
      )}
    </button>
  );
}
