import { useState } from 'preact/hooks';
import { type Priority, type Task, type TaskPatch, type TaskStatus, call, errorMessage } from '../api.js';
import { useApp } from '../context.js';
import { STATUSES, STATUS_LABELS } from '../state/board.js';
import { ErrorText } from './Drawer.js';

export function splitList(s: string): string[] {
  return s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);
}

/** Edit a task's fields (the human override): only the fields that changed are sent. */
export function TaskEditForm({
  task,
  onDone,
  onApplied,
}: {
  task: Task;
  onDone: () => void;
  onApplied: (t: Task) => void;
}) {
  const { api, projectId, actor } = useApp();
  const [title, setTitle] = useState(task.title);
  const [description, setDescription] = useState(task.description);
  const [status, setStatus] = useState<TaskStatus>(task.status);
  const [priority, setPriority] = useState<Priority>(task.priority);
  const [assignee, setAssignee] = useState(task.assignee ?? '');
  const [epic, setEpic] = useState(task.epic ?? '');
  const [tags, setTags] = useState(task.tags.join(', '));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const patch = (): TaskPatch => {
    const p: TaskPatch = {};
    if (title.trim() !== task.title) p.title = title.trim();
    if (description !== task.description) p.description = description;
    if (status !== task.status) p.status = status;
    if (priority !== task.priority) p.priority = priority;
    if ((assignee.trim() || null) !== task.assignee) p.assignee = assignee.trim() || null;
    if ((epic.trim() || null) !== task.epic) p.epic = epic.trim() || null;
    const nextTags = splitList(tags);
    if (nextTags.join(',') !== task.tags.join(',')) p.tags = nextTags;
    return p;
  };

  return (
    <form
      class="edit-form"
      aria-label="Edit task"
      onSubmit={async (e) => {
        e.preventDefault();
        const body = patch();
        if (Object.keys(body).length === 0) return onDone();
        setBusy(true);
        setError(null);
        try {
          const res = await call(
            api.PATCH('/api/tasks/{id}', {
              params: { path: { id: task.id }, query: { project_id: projectId } },
              body: { ...body, actor },
            }),
          );
          onApplied(res.data);
          onDone();
        } catch (err) {
          setError(errorMessage(err));
        } finally {
          setBusy(false);
        }
      }}
    >
      <label class="stacked">
        <span>Title</span>
        <input name="title" required maxLength={200} value={title} onInput={(e) => setTitle(e.currentTarget.value)} />
      </label>
      <label class="stacked">
        <span>Description (markdown)</span>
        <textarea
          name="description"
          rows={5}
          value={description}
          onInput={(e) => setDescription(e.currentTarget.value)}
        />
      </label>
      <div class="form-grid">
        <label class="stacked">
          <span>Status</span>
          <select name="status" value={status} onChange={(e) => setStatus(e.currentTarget.value as TaskStatus)}>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {STATUS_LABELS[s]}
              </option>
            ))}
          </select>
        </label>
        <label class="stacked">
          <span>Priority</span>
          <select name="priority" value={priority} onChange={(e) => setPriority(e.currentTarget.value as Priority)}>
            {(['P0', 'P1', 'P2'] as const).map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </select>
        </label>
        <label class="stacked">
          <span>Assignee</span>
          <input name="assignee" value={assignee} onInput={(e) => setAssignee(e.currentTarget.value)} />
        </label>
        <label class="stacked">
          <span>Epic</span>
          <input name="epic" value={epic} onInput={(e) => setEpic(e.currentTarget.value)} />
        </label>
      </div>
      <label class="stacked">
        <span>Tags (comma-separated)</span>
        <input name="tags" value={tags} onInput={(e) => setTags(e.currentTarget.value)} />
      </label>
      <div class="action-row">
        <button type="submit" class="primary" disabled={busy}>
          Save
        </button>
        <button type="button" class="link-button" onClick={onDone}>
          Cancel
        </button>
      </div>
      <ErrorText error={error} />
    </form>
  );
}
