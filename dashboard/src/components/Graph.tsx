import { useEffect, useMemo, useState } from 'preact/hooks';
import type { Task } from '../api.js';
import { useApp } from '../context.js';
import { NODE_H, NODE_W, edgePath, layoutGraph } from '../graph-layout.js';
import { GRAPH_LIMIT, STATUSES, STATUS_LABELS } from '../state/board.js';
import { useObservable } from '../state/observable.js';

function clip(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}

/** Tasks and their dependencies as a picture, coloured by status; a node opens its task. */
export function Graph() {
  const { session, openTask } = useApp();
  const board = session.board;
  useObservable(board);
  const [loading, setLoading] = useState(true);
  useEffect(() => {
    setLoading(true);
    void board.loadAll().finally(() => setLoading(false));
  }, [board, board.filter]);

  const tasks = useMemo(() => [...board.tasks.values()].filter((t) => board.matches(t)), [board.version]);
  const layout = useMemo(
    () => layoutGraph(tasks.map((t) => ({ id: t.id, number: t.task_number, dependsOn: t.depends_on }))),
    [tasks],
  );
  const byId = useMemo(() => new Map<string, Task>(tasks.map((t) => [t.id, t])), [tasks]);

  return (
    <div class="graph-view">
      <div class="graph-bar">
        <span class="legend">
          {STATUSES.map((s) => (
            <span key={s} class="legend-item">
              <span class={`swatch status-${s}`} aria-hidden="true" />
              {STATUS_LABELS[s]}
            </span>
          ))}
        </span>
        <span class="muted small">
          {loading ? 'Loading all tasks…' : `${tasks.length} tasks, ${layout.edges.length} dependencies`}
          {!loading && board.truncated && ` (first ${GRAPH_LIMIT} shown)`}
        </span>
      </div>
      <div class="graph-scroll">
        <svg
          class="graph"
          width={layout.width}
          height={layout.height}
          viewBox={`0 0 ${layout.width} ${layout.height}`}
          role="img"
          aria-label="Dependency graph"
        >
          <defs>
            <marker
              id="arrow"
              viewBox="0 0 10 10"
              refX="9"
              refY="5"
              markerWidth="7"
              markerHeight="7"
              orient="auto-start-reverse"
            >
              <path d="M 0 0 L 10 5 L 0 10 z" class="arrow-head" />
            </marker>
          </defs>
          <g class="edges">
            {layout.edges.map((e) => (
              <path
                key={`${e.from.number}-${e.to.number}`}
                class="edge"
                d={edgePath(e.from, e.to)}
                marker-end="url(#arrow)"
              />
            ))}
          </g>
          <g class="nodes">
            {layout.nodes.map((n) => {
              const t = byId.get(n.id);
              if (!t) return null;
              return (
                <a
                  key={n.id}
                  href={`?task=${encodeURIComponent(t.task_number)}`}
                  class={`gnode-link status-${t.status}`}
                  data-node={t.task_number}
                  aria-label={`${t.task_number} ${t.title} (${STATUS_LABELS[t.status]})`}
                  onClick={(e) => {
                    e.preventDefault();
                    openTask(t.task_number);
                  }}
                >
                  <g class={`gnode status-${t.status}`} transform={`translate(${n.x} ${n.y})`}>
                    <title>{`${t.task_number} ${t.title}`}</title>
                    <rect width={NODE_W} height={NODE_H} rx="6" />
                    <text x="10" y="18" class="gnode-num">
                      {t.task_number} · {t.priority}
                    </text>
                    <text x="10" y="36" class="gnode-title">
                      {clip(t.title, 27)}
                    </text>
                  </g>
                </a>
              );
            })}
          </g>
        </svg>
      </div>
    </div>
  );
}
