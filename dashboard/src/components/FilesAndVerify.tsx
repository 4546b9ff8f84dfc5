import { useEffect, useState } from 'preact/hooks';
import { type ApiClient, call, errorMessage, type Task } from '../api.js';
import { useApp } from '../context.js';
import { useObservable } from '../state/observable.js';
import { ago, fullTime, shortDuration, useNow } from '../time.js';

type Hold = Awaited<ReturnType<typeof loadHolds>>[number];

async function loadHolds(api: ApiClient, projectId: string) {
  return (await call(api.GET('/api/files/reservations', { params: { query: { project_id: projectId } } }))).data;
}

/** A task's files and the verify run recorded with its last done (text only, never HTML). */
export function TaskFilesVerify({ task }: { task: Task }) {
  const now = useNow(10_000);
  const v = task.verify_result;
  if (task.files.length === 0 && !v) return null;
  return (
    <>
      {task.files.length > 0 && (
        <section>
          <h3 class="section-title">Files</h3>
          <ul class="refs files">
            {task.files.map((f) => (
              <li key={f}>
                <code>{f}</code>
              </li>
            ))}
          </ul>
        </section>
      )}
      {v && (
        <section class={`verify-result verify-${v.status}`}>
          <h3 class="section-title">Verify result</h3>
          <p>
            <strong>{v.status === 'skipped' ? 'skipped (--no-verify)' : v.status.replace('_', ' ')}</strong>
            {v.exit_code !== null && ` · exit ${v.exit_code}`}
            {v.duration_ms !== null && ` · ${(v.duration_ms / 1000).toFixed(1)} s`}
            {' · '}
            <span title={fullTime(v.recorded_at)}>
              by {v.by} {ago(v.recorded_at, now)}
            </span>
          </p>
          {v.output_tail && <pre class="verify-output">{v.output_tail}</pre>}
        </section>
      )}
    </>
  );
}

/** Who holds which files until when: live claims and ad-hoc reservations, re-read as the board moves. */
export function FileHolds() {
  const { api, session, projectId } = useApp();
  const version = useObservable(session.board);
  const now = useNow(5_000);
  const [holds, setHolds] = useState<Hold[]>([]);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    loadHolds(api, projectId).then(
      (h) => live && (setHolds(h), setError(null)),
      (e: unknown) => live && setError(errorMessage(e)),
    );
    return () => {
      live = false;
    };
  }, [api, projectId, version]);
  const current = holds.filter((h) => h.until === null || Date.parse(h.until) > now);
  return (
    <section class="side-panel file-holds" aria-labelledby="file-holds-title">
      <h2 id="file-holds-title">
        Files held <span class="count">{current.length}</span>
      </h2>
      {error && <p class="error">{error}</p>}
      {current.length === 0 && !error && <p class="muted">No files are held.</p>}
      <ul class="hold-list">
        {current.map((h) => (
          <li key={h.ref} class="hold" data-hold={h.ref}>
            <span class="agent-line">
              <strong>{h.agent}</strong> <span class="muted">{h.ref}</span>
              {h.shared && <span class="muted"> shared</span>}
              <span class="muted" title={fullTime(h.until)}>
                {h.until ? ` for ${shortDuration(Math.max(0, Date.parse(h.until) - now))}` : ' no lease end'}
              </span>
            </span>
            <span class="agent-line small">
              {h.files.map((f) => (
                <code key={f}>{f} </code>
              ))}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
