import { useMemo, useState } from 'preact/hooks';
import { type NewTask, type Priority, call, errorMessage } from '../api.js';
import { useApp } from '../context.js';
import { boardOrder } from '../state/board.js';
import { Drawer, ErrorText } from './Drawer.js';
import { splitList } from './TaskEditForm.js';

function lines(s: string): string[] {
  return s
    .split('\n')
    .map((x) => x.trim())
    .filter(Boolean);
}

/** The create-task form: every field of a new task, dependencies picked from existing tasks. */
export function CreateTask({ onClose }: { onClose: () => void }) {
  const { api, projectId, actor, session, openTask } = useApp();
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [priority, setPriority] = useState<Priority>('P1');
  const [epic, setEpic] = useState('');
  const [tags, setTags] = useState('');
  const [capabilities, setCapabilities] = useState('');
  const [deps, setDeps] = useState<string[]>([]);
  const [criteria, setCriteria] = useState('');
  const [refs, setRefs] = useState('');
  const [verify, setVerify] = useState('');
  const [backlog, setBacklog] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    const body: NewTask = { title: title.trim(), priority };
    if (description.trim()) body.description = description;
    if (epic.trim()) body.epic = epic.trim();
    if (splitList(tags).length) body.tags = splitList(tags);
    if (splitList(capabilities).length) body.capabilities = splitList(capabilities);
    if (deps.length) body.depends_on = deps;
    if (lines(criteria).length) body.acceptance_criteria = lines(criteria);
    if (splitList(refs).length) body.context_refs = splitList(refs);
    if (verify.trim()) body.verify = verify.trim();
    if (backlog) body.status = 'backlog';
    setBusy(true);
    setError(null);
    try {
      const res = await call(api.POST('/api/tasks', { params: { query: { project_id: projectId, actor } }, body }));
      const created = Array.isArray(res.data) ? res.data : [res.data];
      for (const t of created) session.board.upsert(t);
      onClose();
      if (created[0]) openTask(created[0].task_number);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Drawer label="New task" onClose={onClose}>
      <form class="panel create-form" onSubmit={submit}>
        <header class="panel-head">
          <div class="panel-title-row">
            <h2 class="panel-title">New task</h2>
            <button type="button" class="icon-button close" aria-label="Close" onClick={onClose}>
              ✕
            </button>
          </div>
        </header>
        <div class="panel-body">
          <label class="stacked">
            <span>Title</span>
            <input
              name="title"
              required
              maxLength={200}
              value={title}
              onInput={(e) => setTitle(e.currentTarget.value)}
            />
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
              <span>Priority</span>
              <select name="priority" value={priority} onChange={(e) => setPriority(e.currentTarget.value as Priority)}>
                <option value="P0">P0</option>
                <option value="P1">P1</option>
                <option value="P2">P2</option>
              </select>
            </label>
            <label class="stacked">
              <span>Epic</span>
              <input name="epic" value={epic} onInput={(e) => setEpic(e.currentTarget.value)} />
            </label>
            <label class="stacked">
              <span>Tags (comma-separated)</span>
              <input name="tags" value={tags} onInput={(e) => setTags(e.currentTarget.value)} />
            </label>
            <label class="stacked">
              <span>Capabilities (comma-separated)</span>
              <input name="capabilities" value={capabilities} onInput={(e) => setCapabilities(e.currentTarget.value)} />
            </label>
          </div>
          <DependencyPicker selected={deps} onChange={setDeps} />
          <label class="stacked">
            <span>Acceptance criteria (one per line)</span>
            <textarea
              name="acceptance_criteria"
              rows={3}
              value={criteria}
              onInput={(e) => setCriteria(e.currentTarget.value)}
            />
          </label>
          <label class="stacked">
            <span>Context refs (doc ids or paths, comma-separated)</span>
            <input name="context_refs" value={refs} onInput={(e) => setRefs(e.currentTarget.value)} />
          </label>
          <label class="stacked">
            <span>Verify command</span>
            <input name="verify" class="mono" value={verify} onInput={(e) => setVerify(e.currentTarget.value)} />
          </label>
          <label class="check">
            <input
              type="checkbox"
              name="backlog"
              checked={backlog}
              onChange={(e) => setBacklog(e.currentTarget.checked)}
            />
            <span>Put in backlog (not ready for pickup)</span>
          </label>
          <ErrorText error={error} />
          <div class="action-row">
            <button type="submit" class="primary" disabled={busy}>
              Create task
            </button>
            <button type="button" class="link-button" onClick={onClose}>
              Cancel
            </button>
          </div>
        </div>
      </form>
    </Drawer>
  );
}

/** Choose dependencies among the tasks on the board, or type a task number. */
function DependencyPicker({ selected, onChange }: { selected: string[]; onChange: (deps: string[]) => void }) {
  const { session } = useApp();
  const [query, setQuery] = useState('');
  const candidates = useMemo(() => {
    const q = query.trim().toLowerCase();
    const all = [...session.board.tasks.values()].filter((t) => !selected.includes(t.task_number));
    const hits = q
      ? all.filter((t) => `${t.task_number} ${t.title}`.toLowerCase().includes(q))
      : all.filter((t) => t.status !== 'done');
    return hits.sort(boardOrder).slice(0, 8);
  }, [query, selected, session.board.version]);
  const typed = /^t-\d{1,9}$/i.test(query.trim()) ? query.trim().toUpperCase() : null;
  const add = (n: string) => {
    onChange([...selected, n]);
    setQuery('');
  };
  return (
    <fieldset class="dep-picker">
      <legend>Depends on</legend>
      {selected.length > 0 && (
        <ul class="chips">
          {selected.map((n) => (
            <li key={n} class="chip">
              {n}
              <button
                type="button"
                class="chip-remove"
                aria-label={`Remove ${n}`}
                onClick={() => onChange(selected.filter((x) => x !== n))}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      <input
        type="search"
        aria-label="Find a task to depend on"
        placeholder="Search tasks by number or title"
        value={query}
        onInput={(e) => setQuery(e.currentTarget.value)}
      />
      <ul class="dep-options">
        {typed && !selected.includes(typed) && !candidates.some((c) => c.task_number === typed) && (
          <li>
            <button type="button" class="link-button" onClick={() => add(typed)}>
              Add {typed}
            </button>
          </li>
        )}
        {candidates.map((t) => (
          <li key={t.id}>
            <button
              type="button"
              class="link-button dep-option"
              data-dep={t.task_number}
              onClick={() => add(t.task_number)}
            >
              <span class="num">{t.task_number}</span> {t.title}
            </button>
          </li>
        ))}
      </ul>
    </fieldset>
  );
}
