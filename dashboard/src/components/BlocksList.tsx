import { useEffect, useState } from 'preact/hooks';
import { type Task, call, errorMessage } from '../api.js';
import { useApp } from '../context.js';
import { useObservable } from '../state/observable.js';
import { StatusBadge } from './TaskCard.js';

/** What this task blocks: the tasks that depend on it, with their status, kept current by live events. */
export function BlocksList({ task }: { task: Task }) {
  const { api, projectId, session, openTask } = useApp();
  const version = useObservable(session.board);
  const [list, setList] = useState<Task[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let stale = false;
    call(
      api.GET('/api/tasks/{id}/dependents', { params: { path: { id: task.id }, query: { project_id: projectId } } }),
    ).then(
      (res) => !stale && setList(res.data),
      (err) => !stale && setError(errorMessage(err)),
    );
    return () => {
      stale = true;
    };
  }, [api, projectId, task.id, task.updated_at]);
  if (error) return <span class="error">{error}</span>;
  if (!list) return <span class="muted">…</span>;
  if (list.length === 0) return <span>—</span>;
  void version;
  return (
    <ul class="blocks-list">
      {list.map((d) => {
        const fresh = session.board.tasks.get(d.id) ?? d;
        return (
          <li key={d.id} data-blocks={d.task_number}>
            <a
              href={`?task=${encodeURIComponent(d.task_number)}`}
              onClick={(e) => {
                e.preventDefault();
                openTask(d.task_number);
              }}
            >
              {d.task_number}
            </a>{' '}
            <StatusBadge status={fresh.status} /> <span class="blocks-title">{fresh.title}</span>
          </li>
        );
      })}
    </ul>
  );
}
