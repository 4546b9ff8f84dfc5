import { useMemo, useState } from 'preact/hooks';
import { useApp } from '../context.js';
import { boardOrder } from '../state/board.js';

/** Choose dependencies among the tasks on the board, or type a task number. */
export function DependencyPicker({
  selected,
  onChange,
  exclude,
}: {
  selected: string[];
  onChange: (deps: string[]) => void;
  /** The task being edited: it cannot depend on itself. */
  exclude?: string | undefined;
}) {
  const { session } = useApp();
  const [query, setQuery] = useState('');
  const candidates = useMemo(() => {
    const q = query.trim().toLowerCase();
    const all = [...session.board.tasks.values()].filter(
      (t) => !selected.includes(t.task_number) && t.task_number !== exclude,
    );
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
            <li key={n} class="chip" data-dep-chip={n}>
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
        {typed &&
          typed !== exclude &&
          !selected.includes(typed) &&
          !candidates.some((c) => c.task_number === typed) && (
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
