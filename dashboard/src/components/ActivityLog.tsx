import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { type Event, call, errorMessage } from '../api.js';
import { useApp } from '../context.js';
import { useObservable } from '../state/observable.js';
import { useNow } from '../time.js';
import { FeedItem } from './Activity.js';
import { ErrorText } from './Drawer.js';
import { EVENT_LABELS, eventLabel } from './Timeline.js';

const PAGE = 100;

interface Filters {
  type: string;
  agent: string;
  task: string;
}

const TYPE_CHOICES = ['task.*', 'doc.*', 'project.*', ...Object.keys(EVENT_LABELS)];

/**
 * The whole audit log, newest first: pages back by event id (`before`, as the API does), narrowed by
 * type, agent and task on the server; new events that match arrive live at the top.
 */
export function ActivityLog() {
  const { api, projectId, session } = useApp();
  useObservable(session.agents);
  const now = useNow(5_000);
  const [filters, setFilters] = useState<Filters>({ type: '', agent: '', task: '' });
  const [taskInput, setTaskInput] = useState('');
  const [events, setEvents] = useState<Event[]>([]);
  const [before, setBefore] = useState<number | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [taskId, setTaskId] = useState<string | null>(null);

  const query = useMemo(
    () => ({
      project_id: projectId,
      order: 'desc' as const,
      limit: PAGE,
      ...(filters.type ? { type: filters.type } : {}),
      ...(filters.agent ? { actor: filters.agent } : {}),
      ...(filters.task ? { task_id: filters.task } : {}),
    }),
    [projectId, filters],
  );

  // Which filters the answers in flight were asked for: one for filters changed since is dropped (a
  // slower answer to the filters before would otherwise replace the newer one's list).
  const generation = useRef(0);

  const load = async (from: number | null, replace: boolean) => {
    const asked = generation.current;
    setLoading(true);
    try {
      const res = await call(
        api.GET('/api/events', { params: { query: { ...query, ...(from ? { before: from } : {}) } } }),
      );
      if (asked !== generation.current) return;
      setEvents((old) => (replace ? res.data : [...old, ...res.data]));
      setBefore(res.next_before);
      setError(null);
    } catch (err) {
      if (asked === generation.current) setError(errorMessage(err));
    } finally {
      if (asked === generation.current) setLoading(false);
    }
  };

  useEffect(() => {
    const asked = ++generation.current;
    setEvents([]);
    setBefore(null);
    void load(null, true);
    // A task filter matches live events by the task's id, which the log keys its events by.
    setTaskId(null);
    if (filters.task)
      void call(
        api.GET('/api/tasks/{id}', { params: { path: { id: filters.task }, query: { project_id: projectId } } }),
      )
        .then((r) => asked === generation.current && setTaskId(r.data.id))
        .catch(() => undefined);
  }, [query]);

  useEffect(
    () =>
      session.onEvent((e) => {
        if (!matches(e, filters, taskId)) return;
        setEvents((old) => (old.some((x) => x.id === e.id) ? old : [e, ...old]));
      }),
    [session, filters, taskId],
  );

  const agents = session.agents.list.map((a) => a.name);
  return (
    <section class="side-panel activity activity-log" aria-labelledby="activity-log-title">
      <h2 id="activity-log-title">Activity</h2>
      <form
        class="filters activity-filters"
        aria-label="Filter the log"
        onSubmit={(e) => {
          e.preventDefault();
          setFilters({ ...filters, task: taskInput.trim().toUpperCase() });
        }}
      >
        <label class="filter">
          <span class="filter-label">Type</span>
          <select
            name="type"
            value={filters.type}
            onChange={(e) => setFilters({ ...filters, type: e.currentTarget.value })}
          >
            <option value="">All events</option>
            {TYPE_CHOICES.map((t) => (
              <option key={t} value={t}>
                {t.endsWith('*') ? `${t.slice(0, -2)} (all)` : eventLabel(t)}
              </option>
            ))}
          </select>
        </label>
        <label class="filter">
          <span class="filter-label">Agent</span>
          <select
            name="agent"
            value={filters.agent}
            onChange={(e) => setFilters({ ...filters, agent: e.currentTarget.value })}
          >
            <option value="">Anyone</option>
            {[...new Set(['human', ...agents, ...(filters.agent ? [filters.agent] : [])])].map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </select>
        </label>
        <label class="filter">
          <span class="filter-label">Task</span>
          <input
            name="task"
            placeholder="T-012"
            size={7}
            value={taskInput}
            onInput={(e) => setTaskInput(e.currentTarget.value)}
            onBlur={() => setFilters({ ...filters, task: taskInput.trim().toUpperCase() })}
          />
        </label>
      </form>
      <ErrorText error={error} />
      {events.length === 0 && <p class="muted">{loading ? 'Loading…' : 'No events match.'}</p>}
      <ol class="feed">
        {events.map((e) => (
          <FeedItem key={e.id} event={e} now={now} />
        ))}
      </ol>
      {before !== null && (
        <button type="button" class="show-more" disabled={loading} onClick={() => void load(before, false)}>
          {loading ? 'Loading…' : `Older events (before #${before})`}
        </button>
      )}
      {before === null && events.length > 0 && !loading && <p class="muted small">Start of the log.</p>}
    </section>
  );
}

function matches(e: Event, f: Filters, taskId: string | null): boolean {
  if (f.type && !(f.type.endsWith('*') ? e.type.startsWith(f.type.slice(0, -1)) : e.type === f.type)) return false;
  if (f.agent && e.actor !== f.agent) return false;
  if (f.task && e.entity_id !== taskId) return false;
  return true;
}
