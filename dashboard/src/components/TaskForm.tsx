import { useState } from 'preact/hooks';
import { type Priority, type Task, type TaskStatus, call, errorMessage } from '../api.js';
import { useApp } from '../context.js';
import { STATUSES, STATUS_LABELS } from '../state/board.js';
import { type TaskFormState, createBody, emptyForm, formFromTask, patchBody } from '../task-form-state.js';
import { DependencyPicker } from './DependencyPicker.js';
import { ErrorText } from './Drawer.js';

/**
 * The one task form: every field of a task, for creating one (`task` absent) or editing one (only
 * the changed fields are sent; status and assignee are the human override).
 */
export function TaskForm({
  task,
  onSaved,
  onCancel,
}: {
  task?: Task | undefined;
  onSaved: (t: Task) => void;
  onCancel: () => void;
}) {
  const { api, projectId, actor } = useApp();
  const [f, setF] = useState<TaskFormState>(() => (task ? formFromTask(task) : emptyForm()));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const set =
    <K extends keyof TaskFormState>(key: K) =>
    (value: TaskFormState[K]) =>
      setF((s) => ({ ...s, [key]: value }));
  const text = (key: 'title' | 'epic' | 'tags' | 'capabilities' | 'refs' | 'verify' | 'assignee') => ({
    name: key,
    value: f[key],
    onInput: (e: { currentTarget: HTMLInputElement }) => set(key)(e.currentTarget.value),
  });

  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      if (task) {
        const body = patchBody(f, task);
        if (Object.keys(body).length === 0) return onCancel();
        const params = { path: { id: task.id }, query: { project_id: projectId } };
        onSaved((await call(api.PATCH('/api/tasks/{id}', { params, body: { ...body, actor } }))).data);
      } else {
        const res = await call(
          api.POST('/api/tasks', { params: { query: { project_id: projectId, actor } }, body: createBody(f) }),
        );
        const [created] = Array.isArray(res.data) ? res.data : [res.data];
        if (created) onSaved(created);
      }
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      class={task ? 'edit-form task-form' : 'create-form task-form'}
      aria-label={task ? 'Edit task' : 'New task'}
      onSubmit={submit}
    >
      <label class="stacked">
        <span>Title</span>
        <input required maxLength={200} {...text('title')} />
      </label>
      <label class="stacked">
        <span>Description (markdown)</span>
        <textarea
          name="description"
          rows={5}
          value={f.description}
          onInput={(e) => set('description')(e.currentTarget.value)}
        />
      </label>
      <div class="form-grid">
        {task && (
          <label class="stacked">
            <span>Status</span>
            <select name="status" value={f.status} onChange={(e) => set('status')(e.currentTarget.value as TaskStatus)}>
              {[...STATUSES, 'cancelled' as const].map((s) => (
                <option key={s} value={s}>
                  {STATUS_LABELS[s]}
                </option>
              ))}
            </select>
          </label>
        )}
        <label class="stacked">
          <span>Priority</span>
          <select
            name="priority"
            value={f.priority}
            onChange={(e) => set('priority')(e.currentTarget.value as Priority)}
          >
            {(['P0', 'P1', 'P2'] as const).map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </select>
        </label>
        {task && (
          <label class="stacked">
            <span>Assignee</span>
            <input {...text('assignee')} />
          </label>
        )}
        <label class="stacked">
          <span>Epic</span>
          <input {...text('epic')} />
        </label>
        <label class="stacked">
          <span>Tags (comma-separated)</span>
          <input {...text('tags')} />
        </label>
        <label class="stacked">
          <span>Capabilities (comma-separated)</span>
          <input {...text('capabilities')} />
        </label>
      </div>
      <DependencyPicker selected={f.dependsOn} onChange={set('dependsOn')} exclude={task?.task_number} />
      <label class="stacked">
        <span>Acceptance criteria (one per line)</span>
        <textarea
          name="acceptance_criteria"
          rows={3}
          value={f.criteria}
          onInput={(e) => set('criteria')(e.currentTarget.value)}
        />
      </label>
      <label class="stacked">
        <span>Context refs (doc ids or paths, comma-separated)</span>
        <input {...text('refs')} name="context_refs" />
      </label>
      <label class="stacked">
        <span>Verify command</span>
        <input class="mono" {...text('verify')} />
      </label>
      {!task && (
        <label class="check">
          <input
            type="checkbox"
            name="backlog"
            checked={f.backlog}
            onChange={(e) => set('backlog')(e.currentTarget.checked)}
          />
          <span>Put in backlog (not ready for pickup)</span>
        </label>
      )}
      <ErrorText error={error} />
      <div class="action-row">
        <button type="submit" class="primary" disabled={busy}>
          {task ? 'Save' : 'Create task'}
        </button>
        <button type="button" class="link-button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
