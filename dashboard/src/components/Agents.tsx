import { useMemo } from 'preact/hooks';
import { useApp } from '../context.js';
import { useObservable } from '../state/observable.js';
import { ago, fullTime, leaseState, useNow } from '../time.js';
import { ErrorText } from './Drawer.js';

/** Who is working on what: derived by the server from the tasks each agent holds. */
export function AgentsPanel() {
  const { session, openTask } = useApp();
  const agents = session.agents;
  useObservable(agents);
  const boardVersion = useObservable(session.board);
  // Tasks still in progress under each agent: an agent whose lease lapsed is idle but still named on them.
  const held = useMemo(() => {
    const byAgent = new Map<string, string[]>();
    for (const t of session.board.tasks.values()) {
      if (t.status !== 'in-progress' || !t.assignee) continue;
      byAgent.set(t.assignee, [...(byAgent.get(t.assignee) ?? []), t.task_number]);
    }
    return byAgent;
  }, [boardVersion]);
  const now = useNow(1_000);
  const list = [...agents.list].sort((a, b) =>
    a.status === b.status ? a.name.localeCompare(b.name) : a.status === 'working' ? -1 : 1,
  );
  return (
    <section class="side-panel agents" aria-labelledby="agents-title">
      <h2 id="agents-title">
        Agents <span class="count">{agents.list.filter((a) => a.status === 'working').length} working</span>
      </h2>
      <ErrorText error={agents.error} />
      {agents.loaded && list.length === 0 && <p class="muted">No agent has used this project yet.</p>}
      <ul class="agent-list">
        {list.map((a) => {
          const lease = leaseState(a.lease_expires_at, now);
          return (
            <li key={a.name} class={`agent agent-${a.status}`} data-agent={a.name}>
              <span class="agent-line">
                <span class={`dot dot-${a.status}`} aria-hidden="true" />
                <strong class="agent-name">{a.name}</strong>
                <span class="muted">{a.status}</span>
              </span>
              <span class="agent-line small">
                {!a.current_task && a.tasks_in_progress > 0 && (
                  <>
                    {(held.get(a.name) ?? []).map((n) => (
                      <a
                        key={n}
                        href={`?task=${encodeURIComponent(n)}`}
                        onClick={(e) => {
                          e.preventDefault();
                          openTask(n);
                        }}
                      >
                        {n}
                      </a>
                    ))}
                    <span class="lease lease-expired">lease expired</span>
                  </>
                )}
                {a.current_task ? (
                  <a
                    href={`?task=${encodeURIComponent(a.current_task)}`}
                    onClick={(e) => {
                      e.preventDefault();
                      openTask(a.current_task ?? '');
                    }}
                  >
                    {a.current_task}
                  </a>
                ) : (
                  a.tasks_in_progress === 0 && <span class="muted">no task</span>
                )}
                {lease && <span class={`lease${lease.expired ? ' lease-expired' : ''}`}>{lease.text}</span>}
                <span class="muted" title={fullTime(a.last_seen)}>
                  seen {ago(a.last_seen, now)}
                </span>
              </span>
              {(a.tasks_in_progress > 1 || a.tasks_in_review > 0) && (
                <span class="agent-line small muted">
                  {a.tasks_in_progress} in progress · {a.tasks_in_review} in review
                </span>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
