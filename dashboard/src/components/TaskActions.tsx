import { useEffect, useRef, useState } from 'preact/hooks';
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
  const [asking, setAsking] = useState<'block' | 'reject' | null>(null);
  const params = { path: { id: task.id }, query: { project_id: projectId } };
  const canBlock = task.status === 'backlog' || task.status === 'open' || task.status === 'in-progress';
  const review = task.status === 'review';
  return (
    <div class="actions">
      {review && (
        <p class="implementer">
          Implemented by <strong data-implementer>{task.assignee ?? 'unknown'}</strong>
          {task.assignee === actor && <span class="muted"> (you: someone else approves it)</span>}
        </p>
      )}
      <div class="action-row">
        {review && (
          <button
            type="button"
            class="primary"
            disabled={busy}
            onClick={() => run(() => call(api.POST('/api/tasks/{id}/approve', { params, body: { agent: actor } })))}
          >
            Approve
          </button>
        )}
        {review && asking !== 'reject' && (
          <button type="button" disabled={busy} onClick={() => setAsking('reject')}>
            Reject…
          </button>
        )}
        {canBlock && asking !== 'block' && (
          <button type="button" disabled={busy} onClick={() => setAsking('block')}>
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
      {asking && (
        <ReasonForm
          kind={asking}
          busy={busy}
          hint={asking === 'reject' ? `Goes back to ${task.assignee ?? 'the board'} with this reason as a note` : null}
          onCancel={() => setAsking(null)}
          onSubmit={async (reason) => {
            const path = asking === 'reject' ? '/api/tasks/{id}/reject' : '/api/tasks/{id}/block';
            const ok = await run(() => call(api.POST(path, { params, body: { reason, agent: actor } })));
            if (ok) setAsking(null);
          }}
        />
      )}
      <ErrorText error={error} />
    </div>
  );
}

/** Asks why before blocking or rejecting: the server requires a reason, and so does the person reading it later. */
export function ReasonForm({
  kind,
  busy,
  hint,
  onCancel,
  onSubmit,
}: {
  kind: 'block' | 'reject';
  busy: boolean;
  hint: string | null;
  onCancel: () => void;
  onSubmit: (reason: string) => Promise<void>;
}) {
  const [reason, setReason] = useState('');
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => input.current?.focus(), []);
  const label = kind === 'reject' ? 'Reject' : 'Block';
  return (
    <form
      class={`inline-form ${kind}-form`}
      onSubmit={(e) => {
        e.preventDefault();
        if (reason.trim()) void onSubmit(reason.trim());
      }}
    >
      <label>
        <span>Reason</span>
        <input ref={input} name="reason" required value={reason} onInput={(e) => setReason(e.currentTarget.value)} />
      </label>
      <button type="submit" disabled={busy || !reason.trim()}>
        {label}
      </button>
      <button type="button" class="link-button" onClick={onCancel}>
        Cancel
      </button>
      {hint && <span class="small muted">{hint}</span>}
    </form>
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
