import { useCallback, useEffect, useState } from 'preact/hooks';
import { type Event, type Task, call, errorMessage } from '../api.js';
import { useApp } from '../context.js';
import { useObservable } from '../state/observable.js';
import { STATUS_LABELS } from '../state/board.js';
import { ago, fullTime, leaseState, useNow } from '../time.js';
import { Drawer, ErrorText } from './Drawer.js';
import { Markdown } from './Markdown.js';
import { Actions, CopyableCommand, NoteForm } from './TaskActions.js';
import { PriorityBadge, StatusBadge } from './TaskCard.js';
import { TaskForm } from './TaskForm.js';
import { BlocksList } from './BlocksList.js';
import { Timeline } from './Timeline.js';
import { TaskFilesVerify } from './FilesAndVerify.js';

/** Everything about one task, its history, and what a person can do with it. */
export function TaskPanel({ taskRef, onClose }: { taskRef: string; onClose: () => void }) {
  const { api, session, projectId } = useApp();
  useObservable(session.board);
  const [task, setTask] = useState<Task | null>(() => session.board.get(taskRef) ?? null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [history, setHistory] = useState<Event[] | null>(null);

  const load = useCallback(async () => {
    try {
      const res = await call(
        api.GET('/api/tasks/{id}', { params: { path: { id: taskRef }, query: { project_id: projectId } } }),
      );
      setTask(res.data);
      setLoadError(null);
      const events: Event[] = [];
      let after: number | undefined;
      for (let page = 0; page < 20; page++) {
        const ev = await call(
          api.GET('/api/events', {
            params: {
              query: {
                project_id: projectId,
                entity_id: res.data.id,
                limit: 1000,
                ...(after !== undefined ? { after } : {}),
              },
            },
          }),
        );
        events.push(...ev.data);
        if (ev.next_after === null) break;
        after = ev.next_after;
      }
      setHistory(events);
    } catch (err) {
      setLoadError(errorMessage(err));
    }
  }, [api, projectId, taskRef]);

  useEffect(() => {
    setTask(session.board.get(taskRef) ?? null);
    setHistory(null);
    void load();
  }, [load]);

  // The board store refetches the task on every live event; follow it, and extend the timeline.
  const fresh = task ? session.board.tasks.get(task.id) : undefined;
  useEffect(() => {
    if (fresh && task && fresh !== task && fresh.updated_at >= task.updated_at) setTask(fresh);
  }, [fresh]);
  useEffect(
    () =>
      session.onEvent((e) => {
        if (!task || e.entity_id !== task.id) return;
        setHistory((h) => (h && !h.some((x) => x.id === e.id) ? [...h, e] : h));
      }),
    [session, task?.id],
  );

  const applied = (t: Task) => {
    setTask(t);
    session.board.upsert(t);
  };

  return (
    <Drawer label={task ? `${task.task_number} ${task.title}` : `Task ${taskRef}`} onClose={onClose}>
      <div class="panel task-panel" data-panel-task={task?.task_number ?? taskRef}>
        <header class="panel-head">
          <div class="panel-title-row">
            <span class="num">{task?.task_number ?? taskRef}</span>
            {task && <StatusBadge status={task.status} />}
            {task && <PriorityBadge priority={task.priority} />}
            <button type="button" class="icon-button close" aria-label="Close" onClick={onClose}>
              ✕
            </button>
          </div>
          <h2 class="panel-title">{task?.title ?? 'Loading…'}</h2>
        </header>
        <ErrorText error={loadError} />
        {task && <TaskBody task={task} history={history} onApplied={applied} />}
      </div>
    </Drawer>
  );
}

function TaskBody({ task, history, onApplied }: { task: Task; history: Event[] | null; onApplied: (t: Task) => void }) {
  const { openTask, openDoc } = useApp();
  const now = useNow(1_000);
  const [editing, setEditing] = useState(false);
  const lease = task.status === 'in-progress' ? leaseState(task.lease_expires_at, now) : null;
  return (
    <div class="panel-body">
      <Actions task={task} onApplied={onApplied} onEdit={() => setEditing(true)} />
      {editing && (
        <TaskForm
          task={task}
          onCancel={() => setEditing(false)}
          onSaved={(t) => {
            onApplied(t);
            setEditing(false);
          }}
        />
      )}
      {task.status === 'blocked' && task.blocker_reason && (
        <p class="blocker">
          <strong>Blocked:</strong> <span class="blocker-reason">{task.blocker_reason}</span>
        </p>
      )}
      <dl class="fields">
        <dt>Status</dt>
        <dd>{STATUS_LABELS[task.status]}</dd>
        <dt>Assignee</dt>
        <dd class="field-assignee">{task.assignee ?? '—'}</dd>
        <dt>Lease</dt>
        <dd>{lease ? <span class={`lease${lease.expired ? ' lease-expired' : ''}`}>{lease.text}</span> : '—'}</dd>
        <dt>Epic</dt>
        <dd class="field-epic">{task.epic ?? '—'}</dd>
        <dt>Tags</dt>
        <dd class="field-tags">
          {task.tags.length
            ? task.tags.map((t) => (
                <span key={t} class="chip">
                  #{t}
                </span>
              ))
            : '—'}
        </dd>
        <dt>Capabilities</dt>
        <dd>{task.capabilities.length ? task.capabilities.join(', ') : '—'}</dd>
        <dt>Depends on</dt>
        <dd>
          {task.depends_on.length
            ? task.depends_on.map((d, i) => (
                <span key={d}>
                  {i > 0 && ', '}
                  <a
                    href={`?task=${encodeURIComponent(d)}`}
                    class="dep-link"
                    onClick={(e) => {
                      e.preventDefault();
                      openTask(d);
                    }}
                  >
                    {d}
                  </a>
                </span>
              ))
            : '—'}
          {task.depends_on.length > 0 && <span class="muted"> {task.deps_met ? '(met)' : '(waiting)'}</span>}
        </dd>
        <dt>Blocks</dt>
        <dd>
          <BlocksList task={task} />
        </dd>
        <dt>Attempts</dt>
        <dd>{task.attempts}</dd>
        <dt>Created</dt>
        <dd title={fullTime(task.created_at)}>{ago(task.created_at, now)}</dd>
        <dt>Started</dt>
        <dd title={fullTime(task.started_at)}>{ago(task.started_at, now)}</dd>
        <dt>Updated</dt>
        <dd title={fullTime(task.updated_at)}>{ago(task.updated_at, now)}</dd>
        <dt>Completed</dt>
        <dd title={fullTime(task.completed_at)}>{ago(task.completed_at, now)}</dd>
      </dl>

      <section>
        <h3 class="section-title">Description</h3>
        {task.description ? (
          <Markdown source={task.description} class="description" />
        ) : (
          <p class="muted">No description</p>
        )}
      </section>

      {task.acceptance_criteria.length > 0 && (
        <section>
          <h3 class="section-title">Acceptance criteria</h3>
          <ul class="criteria">
            {task.acceptance_criteria.map((c, i) => (
              <li key={i}>{c}</li>
            ))}
          </ul>
        </section>
      )}

      {task.verify && (
        <section>
          <h3 class="section-title">Verify</h3>
          <CopyableCommand command={task.verify} />
        </section>
      )}
      <TaskFilesVerify task={task} />

      {task.context_refs.length > 0 && (
        <section>
          <h3 class="section-title">Context</h3>
          <ul class="refs">
            {task.context_refs.map((r) => (
              <li key={r}>
                {/^D-\d+$/i.test(r) ? (
                  <a
                    href={`?view=docs&doc=${encodeURIComponent(r)}`}
                    onClick={(e) => {
                      e.preventDefault();
                      openDoc(r.toUpperCase());
                    }}
                  >
                    {r}
                  </a>
                ) : (
                  <code>{r}</code>
                )}
              </li>
            ))}
          </ul>
        </section>
      )}

      <section>
        <h3 class="section-title">Notes ({task.notes.length})</h3>
        {task.notes.length === 0 && <p class="muted">No notes yet</p>}
        <ol class="notes">
          {task.notes.map((n, i) => (
            <li key={i} class="note">
              <span class="note-meta">
                <strong>{n.author}</strong> <span title={fullTime(n.created_at)}>{ago(n.created_at, now)}</span>
              </span>
              <Markdown source={n.text} class="note-text" />
            </li>
          ))}
        </ol>
        <NoteForm task={task} onApplied={onApplied} />
      </section>

      <section>
        <h3 class="section-title">History</h3>
        {history ? <Timeline events={history} now={now} /> : <p class="muted">Loading…</p>}
      </section>
    </div>
  );
}
