import { useEffect, useMemo, useState } from 'preact/hooks';
import type { Task, TaskStatus } from '../api.js';
import { useApp } from '../context.js';
import { TaskCard } from './TaskCard.js';

/** Cards rendered per column before "Show more": a 2,000-task board renders a few hundred elements. */
export const FIRST_CARDS = 40;
const MORE_CARDS = 100;

/** A column's cards, capped; "Show more" renders more and pages the server when the loaded ones run out. */
export function CardList({
  status,
  tasks,
  now,
  first = FIRST_CARDS,
  onKeyMove,
  paged = true,
}: {
  status: TaskStatus;
  tasks: Task[];
  now: number;
  first?: number;
  onKeyMove: (task: Task, step: 1 | -1) => void;
  /** False for search results: they come whole from the search, not page by page. */
  paged?: boolean;
}) {
  const { session } = useApp();
  const board = session.board;
  const [limit, setLimit] = useState(first);
  useEffect(() => setLimit(first), [board.filter]);
  const shown = useMemo(() => tasks.slice(0, limit), [tasks, limit]);
  const hidden = tasks.length - shown.length;
  const serverMore = paged && board.hasMore(status);
  if (tasks.length === 0 && !serverMore) return <p class="empty">No tasks</p>;
  return (
    <div class="cards">
      {shown.map((t) => (
        <TaskCard key={t.id} task={t} now={now} onKeyMove={onKeyMove} />
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
