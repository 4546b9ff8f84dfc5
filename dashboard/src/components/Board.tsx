import { useEffect, useMemo, useState } from 'preact/hooks';
import type { Task, TaskStatus } from '../api.js';
import { useApp } from '../context.js';
import { prefs } from '../prefs.js';
import { COLUMNS, STATUS_LABELS, type ServerFilter } from '../state/board.js';
import { useObservable } from '../state/observable.js';
import { useNow } from '../time.js';
import { ErrorText } from './Drawer.js';
import { TaskCard } from './TaskCard.js';

/** Cards rendered per column before "Show more": a 2,000-task board renders a few hundred elements. */
const FIRST_CARDS = 40;
/** The blocked band sits above the columns, so it starts smaller. */
const FIRST_BLOCKED = 8;
const MORE_CARDS = 100;

function matchesText(t: Task, needle: string): boolean {
  if (!needle) return true;
  const hay = `${t.task_number} ${t.title} ${t.assignee ?? ''} ${t.epic ?? ''} ${t.tags.join(' ')}`.toLowerCase();
  return needle
    .toLowerCase()
    .split(/\s+/)
    .every((w) => hay.includes(w));
}

export function Board() {
  const { session } = useApp();
  const board = session.board;
  useObservable(board);
  const now = useNow(5_000);
  const [text, setText] = useState('');
  const [doneOpen, setDoneOpen] = useState(prefs.doneOpen());
  const facets = board.facets();

  const setFilter = (patch: ServerFilter) => void board.load({ ...board.filter, ...patch });
  const blocked = board.column('blocked').filter((t) => matchesText(t, text));

  return (
    <div class="board-view">
      <div class="filters" role="search">
        <input
          class="filter-text"
          type="search"
          placeholder="Filter tasks…"
          aria-label="Filter tasks by text"
          value={text}
          onInput={(e) => setText(e.currentTarget.value)}
        />
        <FilterSelect
          label="Epic"
          value={board.filter.epic}
          options={facets.epics}
          onChange={(epic) => setFilter({ epic })}
        />
        <FilterSelect
          label="Tag"
          value={board.filter.tag}
          options={facets.tags}
          onChange={(tag) => setFilter({ tag })}
        />
        <FilterSelect
          label="Assignee"
          value={board.filter.assignee}
          options={facets.assignees}
          onChange={(assignee) => setFilter({ assignee })}
        />
        {(text || board.filter.epic || board.filter.tag || board.filter.assignee) && (
          <button
            type="button"
            class="link-button"
            onClick={() => {
              setText('');
              void board.load({});
            }}
          >
            Clear filters
          </button>
        )}
      </div>
      <ErrorText error={board.error} />
      {blocked.length > 0 && (
        <section class="blocked-band" aria-label="Blocked tasks">
          <h2>
            Blocked <span class="count">{countLabel(board.count('blocked'), blocked.length, text)}</span>
          </h2>
          <CardList status="blocked" tasks={blocked} now={now} first={FIRST_BLOCKED} />
        </section>
      )}
      <div class="columns">
        {COLUMNS.map((status) => {
          const tasks = board.column(status).filter((t) => matchesText(t, text));
          const collapsible = status === 'done';
          const collapsed = collapsible && !doneOpen;
          return (
            <section
              key={status}
              class={`column column-${status}${collapsed ? ' collapsed' : ''}`}
              aria-label={STATUS_LABELS[status]}
              data-status={status}
            >
              <header class="column-head">
                <h2>{STATUS_LABELS[status]}</h2>
                <span class="count" data-count={status}>
                  {countLabel(board.count(status), tasks.length, text)}
                </span>
                {collapsible && (
                  <button
                    type="button"
                    class="icon-button"
                    aria-expanded={!collapsed}
                    aria-label={collapsed ? 'Show done tasks' : 'Hide done tasks'}
                    onClick={() => {
                      setDoneOpen(!doneOpen);
                      prefs.setDoneOpen(!doneOpen);
                    }}
                  >
                    {collapsed ? '▸' : '▾'}
                  </button>
                )}
              </header>
              {!collapsed && <CardList status={status} tasks={tasks} now={now} />}
            </section>
          );
        })}
      </div>
    </div>
  );
}

function countLabel(count: { n: number; exact: boolean }, shown: number, text: string): string {
  if (text) return `${shown}${count.exact ? '' : '+'} of ${count.n}${count.exact ? '' : '+'}`;
  return `${count.n}${count.exact ? '' : '+'}`;
}

/** A column's cards, capped; "Show more" renders more and pages the server when the loaded ones run out. */
function CardList({
  status,
  tasks,
  now,
  first = FIRST_CARDS,
}: {
  status: TaskStatus;
  tasks: Task[];
  now: number;
  first?: number;
}) {
  const { session } = useApp();
  const board = session.board;
  const [limit, setLimit] = useState(first);
  useEffect(() => setLimit(first), [board.filter]);
  const shown = useMemo(() => tasks.slice(0, limit), [tasks, limit]);
  const hidden = tasks.length - shown.length;
  const serverMore = board.hasMore(status);
  if (tasks.length === 0 && !serverMore) return <p class="empty">No tasks</p>;
  return (
    <div class="cards">
      {shown.map((t) => (
        <TaskCard key={t.id} task={t} now={now} />
      ))}
      {(hidden > 0 || serverMore) && (
        <button
          type="button"
          class="show-more"
          disabled={board.isLoading(status)}
          onClick={() => {
            setLimit(limit + MORE_CARDS);
            if (hidden < MORE_CARDS && serverMore) void board.loadMore(status);
          }}
        >
          {board.isLoading(status)
            ? 'Loading…'
            : hidden > 0
              ? `Show more (${hidden}${serverMore ? '+' : ''} hidden)`
              : 'Load more'}
        </button>
      )}
    </div>
  );
}

function FilterSelect({
  label,
  value,
  options,
  onChange,
}: {
  label: string;
  value: string | undefined;
  options: string[];
  onChange: (v: string | undefined) => void;
}) {
  const all = value && !options.includes(value) ? [value, ...options] : options;
  return (
    <label class="filter">
      <span>{label}</span>
      <select value={value ?? ''} onChange={(e) => onChange(e.currentTarget.value || undefined)}>
        <option value="">All</option>
        {all.map((o) => (
          <option key={o} value={o}>
            {o}
          </option>
        ))}
      </select>
    </label>
  );
}
