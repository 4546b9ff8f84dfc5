import type { Task } from '../api.js';
import { useApp } from '../context.js';
import { leaseState } from '../time.js';

export function PriorityBadge({ priority }: { priority: string }) {
  return <span class={`badge prio prio-${priority.toLowerCase()}`}>{priority}</span>;
}

export function StatusBadge({ status }: { status: string }) {
  return <span class={`badge status status-${status}`}>{status}</span>;
}

/** The drag payload: a task id, under a type of our own so other drags (text, files) are not taken for cards. */
export const CARD_MIME = 'application/x-codepakt-task';

/**
 * One task on the board: a button, so it is reachable with Tab and opens with Enter. It can be dragged
 * to another column, or moved from the keyboard with Alt+← / Alt+→.
 */
export function TaskCard({
  task,
  now,
  onKeyMove,
}: {
  task: Task;
  now: number;
  onKeyMove?: (task: Task, step: 1 | -1) => void;
}) {
  const { openTask } = useApp();
  const lease = task.status === 'in-progress' ? leaseState(task.lease_expires_at, now) : null;
  return (
    <button
      type="button"
      class={`card card-${task.status}`}
      data-task={task.task_number}
      draggable={!!onKeyMove}
      aria-keyshortcuts={onKeyMove ? 'Alt+ArrowLeft Alt+ArrowRight' : undefined}
      title={onKeyMove ? 'Drag to another column, or Alt+← / Alt+→' : undefined}
      onClick={() => openTask(task.task_number)}
      onDragStart={(e) => {
        e.dataTransfer?.setData(CARD_MIME, task.id);
        e.dataTransfer?.setData('text/plain', task.task_number);
        if (e.dataTransfer) e.dataTransfer.effectAllowed = 'move';
        document.body.dataset.dragging = task.status;
      }}
      onDragEnd={() => delete document.body.dataset.dragging}
      onKeyDown={(e) => {
        if (!onKeyMove || !e.altKey || (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight')) return;
        e.preventDefault();
        onKeyMove(task, e.key === 'ArrowRight' ? 1 : -1);
      }}
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
