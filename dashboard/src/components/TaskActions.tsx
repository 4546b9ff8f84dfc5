import { useState } from 'preact/hooks';
import { type Task, call, errorMessage } from '../api.js';
import { useApp } from '../context.js';
import { ErrorText } from './Drawer.js';

/** What a person can do with a task from its panel; every call is recorded under their name. */

export function CopyableCommand({ command }: { command: string }) {
  const [copied, setCopied] = useState<string | null>(null);
  return (
    <div class="verify">
      <pre>
        <code>{command}</code>
      </pre>
      <button
        type="button"
        class="small"
        onClick={async () => {
          try {
            await navigator.clipboard.writeText(command);
            setCopied('Copied');
          } catch {
            setCopied('Copy failed: select the text instead');
          }
        }}
      >
        Copy
      </button>
      {copied && (
        <span class="muted" role="status">
          {copied}
        </span>
      )}
    </div>
  );
}

function useAction(onApplied: (t: Task) => void) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = async (fn: () => Promise<{ data: Task }>): Promise<boolean> => {
    setBusy(true);
    setError(null);
    try {
      const res = await fn();
      onApplied(res.data);
      return true;
    } catch (err) {
      setError(errorMessage(err));
      return false;
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, run };
}

export function Actions({ task, onApplied, onEdit }: { task: Task; onApplied: (t: Task) => void; onEdit: () => void }) {
  const { api, projectId, actor } = useApp();
  const { busy, error, run } = useAction(onApplied);
  const [blocking, setBlocking] = useState(false);
  const [reason, setReason] = useState('');
  const params = { path: { id: task.id }, query: { project_id: projectId } };
  const canBlock = task.status === 'backlog' || task.status === 'open' || task.status === 'in-progress';
  return (
    <div class="actions">
      <div class="action-row">
        {task.status === 'review' && (
          <button
            type="button"
            class="primary"
            disabled={busy}
            onClick={() => run(() => call(api.POST('/api/tasks/{id}/done', { params, body: { agent: actor } })))}
          >
            Approve
          </button>
        )}
        {canBlock && !blocking && (
          <button type="button" disabled={busy} onClick={() => setBlocking(true)}>
            Block…
          </button>
        )}
        {task.status === 'blocked' && (
          <button
            type="button"
            disabled={busy}
            onClick={() => run(() => call(api.POST('/api/tasks/{id}/unblock', { params, body: { agent: actor } })))}
          >
            Unblock
          </button>
        )}
        {task.status === 'in-progress' && (
          <button
            type="button"
            disabled={busy}
            onClick={() =>
              run(() => call(api.POST('/api/tasks/{id}/release', { params, body: { agent: actor, force: true } })))
            }
          >
            Release
          </button>
        )}
        <button type="button" disabled={busy} onClick={onEdit}>
          Edit
        </button>
      </div>
      {blocking && (
        <form
          class="inline-form block-form"
          onSubmit={async (e) => {
            e.preventDefault();
            const ok = await run(() =>
              call(api.POST('/api/tasks/{id}/block', { params, body: { reason, agent: actor } })),
            );
            if (ok) {
              setBlocking(false);
              setReason('');
            }
          }}
        >
          <label>
            <span>Reason</span>
            <input name="reason" required value={reason} onInput={(e) => setReason(e.currentTarget.value)} autoFocus />
          </label>
          <button type="submit" disabled={busy}>
            Block
          </button>
          <button type="button" class="link-button" onClick={() => setBlocking(false)}>
            Cancel
          </button>
        </form>
      )}
      <ErrorText error={error} />
    </div>
  );
}

export function NoteForm({ task, onApplied }: { task: Task; onApplied: (t: Task) => void }) {
  const { api, projectId, actor } = useApp();
  const { busy, error, run } = useAction(onApplied);
  const [text, setText] = useState('');
  return (
    <form
      class="note-form"
      onSubmit={async (e) => {
        e.preventDefault();
        if (!text.trim()) return;
        const ok = await run(() =>
          call(
            api.POST('/api/tasks/{id}/notes', {
              params: { path: { id: task.id }, query: { project_id: projectId } },
              body: { text, author: actor },
            }),
          ),
        );
        if (ok) setText('');
      }}
    >
      <label class="stacked">
        <span>Add a note as {actor}</span>
        <textarea name="note" rows={2} value={text} onInput={(e) => setText(e.currentTarget.value)} />
      </label>
      <button type="submit" disabled={busy || !text.trim()}>
        Add note
      </button>
      <ErrorText error={error} />
    </form>
  );
}
