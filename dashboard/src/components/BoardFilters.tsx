import type { ServerFilter } from '../state/board.js';
import { useApp } from '../context.js';
import { useObservable } from '../state/observable.js';

/** The board's search box (answered by the server) and its epic, tag and assignee filters. */
export function BoardFilters() {
  const { session } = useApp();
  const { board, search } = session;
  useObservable(search);
  const facets = board.facets();
  const setFilter = (patch: ServerFilter) => void board.load({ ...board.filter, ...patch });
  return (
    <search class="filters">
      <input
        class="filter-text"
        type="search"
        placeholder="Search tasks…"
        aria-label="Search tasks by title, description or notes"
        value={search.text}
        onInput={(e) => search.set(e.currentTarget.value)}
      />
      <FilterSelect
        label="Epic"
        value={board.filter.epic}
        options={facets.epics}
        onChange={(epic) => setFilter({ epic })}
      />
      <FilterSelect label="Tag" value={board.filter.tag} options={facets.tags} onChange={(tag) => setFilter({ tag })} />
      <FilterSelect
        label="Assignee"
        value={board.filter.assignee}
        options={facets.assignees}
        onChange={(assignee) => setFilter({ assignee })}
      />
      {search.active && (
        <span class="small muted" role="status" data-search-state={search.loading ? 'loading' : 'done'}>
          {search.loading ? 'Searching…' : `${search.hits?.length ?? 0}${search.capped ? '+' : ''} found`}
        </span>
      )}
      {(search.active || board.filter.epic || board.filter.tag || board.filter.assignee) && (
        <button
          type="button"
          class="link-button"
          onClick={() => {
            search.set('');
            void board.load({});
          }}
        >
          Clear filters
        </button>
      )}
    </search>
  );
}

/** What "no filter" reads as, so a select still says what it filters when its label is hidden (a phone). */
const ALL: Record<string, string> = { Epic: 'All epics', Tag: 'All tags', Assignee: 'Anyone' };

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
      <span class="filter-label">{label}</span>
      <select value={value ?? ''} onChange={(e) => onChange(e.currentTarget.value || undefined)}>
        <option value="">{ALL[label] ?? 'All'}</option>
        {all.map((o) => (
          <option key={o} value={o}>
            {o}
          </option>
        ))}
      </select>
    </label>
  );
}
