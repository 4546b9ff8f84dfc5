import { useMemo, useState } from 'preact/hooks';
import type { Task, TaskStatus } from '../api.js';
import { useApp } from '../context.js';
import { prefs } from '../prefs.js';
import { COLUMNS, STATUS_LABELS, boardOrder } from '../state/board.js';
import { neighbour } from '../state/moves.js';
import { useObservable } from '../state/observable.js';
import { useNow } from '../time.js';
import { BoardFilters } from './BoardFilters.js';
import { useBoardMoves } from './BoardMoves.js';
import { CardList } from './CardList.js';
import { ErrorText } from './Drawer.js';
import { CARD_MIME } from './TaskCard.js';

/** The blocked band shows one row of cards: it never pushes the columns down by more than that. */
const FIRST_BLOCKED = 12;

export function Board() {
  const { session } = useApp();
  const { board, search } = session;
  const version = useObservable(board);
  const searchVersion = useObservable(search);
  const now = useNow(5_000);
  const moves = useBoardMoves();
  const [doneOpen, setDoneOpen] = useState(prefs.doneOpen());
  const [blockedOpen, setBlockedOpen] = useState(prefs.blockedOpen());
  const [phoneColumn, setPhoneColumn] = useState<TaskStatus>('open');

  // While searching, the columns hold the server's hits, kept current by what live events refreshed.
  const hitsByStatus = useMemo(() => {
    if (!search.active || !search.hits) return null;
    const by = new Map<TaskStatus, Task[]>();
    for (const hit of search.hits) {
      const t = board.tasks.get(hit.id) ?? hit;
      if (!board.matches(t)) continue;
      by.set(t.status, [...(by.get(t.status) ?? []), t]);
    }
    for (const list of by.values()) list.sort(boardOrder);
    return by;
  }, [version, searchVersion]);
  const tasksOf = (status: TaskStatus): Task[] =>
    hitsByStatus ? (hitsByStatus.get(status) ?? []) : search.active ? [] : board.column(status);
  const label = (status: TaskStatus) => countLabel(board.count(status), tasksOf(status).length, search.active);

  const keyMove = (task: Task, step: 1 | -1) => {
    const to = neighbour(task.status, step);
    if (to) moves.move(task, to);
  };
  const dropProps = (status: TaskStatus) => ({
    'data-drop': status,
    onDragOver: (e: DragEvent) => {
      if (!e.dataTransfer?.types.includes(CARD_MIME)) return;
      e.preventDefault();
      (e.currentTarget as HTMLElement).classList.add('drop-over');
    },
    onDragLeave: (e: DragEvent) => (e.currentTarget as HTMLElement).classList.remove('drop-over'),
    onDrop: (e: DragEvent) => {
      (e.currentTarget as HTMLElement).classList.remove('drop-over');
      const id = e.dataTransfer?.getData(CARD_MIME);
      const task = id ? board.tasks.get(id) : undefined;
      if (!task) return;
      e.preventDefault();
      moves.move(task, status);
    },
  });

  const blocked = tasksOf('blocked');
  const blockedCount = label('blocked');
  return (
    <div class="board-view">
      <BoardFilters />
      <ErrorText error={board.error ?? search.error} />
      {moves.ui}
      <section
        class={`blocked-band${blockedOpen ? '' : ' collapsed'}${blocked.length === 0 ? ' empty' : ''}`}
        aria-label="Blocked tasks"
        {...dropProps('blocked')}
      >
        <h2>
          <button
            type="button"
            class="band-toggle"
            aria-expanded={blockedOpen}
            onClick={() => {
              setBlockedOpen(!blockedOpen);
              prefs.setBlockedOpen(!blockedOpen);
            }}
          >
            <span aria-hidden="true">{blockedOpen ? '▾' : '▸'}</span> Blocked{' '}
            <span class="count" data-count="blocked">
              {blockedCount}
            </span>
          </button>
        </h2>
        {blockedOpen && blocked.length > 0 && (
          <CardList
            status="blocked"
            tasks={blocked}
            now={now}
            first={FIRST_BLOCKED}
            onKeyMove={keyMove}
            paged={!search.active}
          />
        )}
      </section>
      <fieldset class="column-picker">
        <legend class="visually-hidden">Column</legend>
        {COLUMNS.map((status) => (
          <button
            key={status}
            type="button"
            class={`tab${phoneColumn === status ? ' active' : ''}`}
            aria-pressed={phoneColumn === status}
            data-pick={status}
            onClick={() => setPhoneColumn(status)}
          >
            {STATUS_LABELS[status]} <span class="count">{label(status)}</span>
          </button>
        ))}
      </fieldset>
      <div class="columns">
        {COLUMNS.map((status) => {
          const collapsed = status === 'done' && !doneOpen;
          return (
            <section
              key={status}
              class={`column column-${status}${collapsed ? ' collapsed' : ''}${phoneColumn === status ? ' picked' : ''}`}
              aria-label={STATUS_LABELS[status]}
              data-status={status}
              {...dropProps(status)}
            >
              <header class="column-head">
                <h2>{STATUS_LABELS[status]}</h2>
                <span class="count" data-count={status}>
                  {label(status)}
                </span>
                {status === 'done' && (
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
              {!collapsed && (
                <CardList
                  status={status}
                  tasks={tasksOf(status)}
                  now={now}
                  onKeyMove={keyMove}
                  paged={!search.active}
                />
              )}
            </section>
          );
        })}
      </div>
    </div>
  );
}

function countLabel(count: { n: number; exact: boolean }, shown: number, searching: boolean): string {
  if (searching) return `${shown} of ${count.n}${count.exact ? '' : '+'}`;
  return `${count.n}${count.exact ? '' : '+'}`;
}
