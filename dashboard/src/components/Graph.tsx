import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { Task } from '../api.js';
import { useApp } from '../context.js';
import { NODE_H, NODE_W, edgePath, layoutGraph } from '../graph-layout.js';
import { neighbourhood } from '../graph-order.js';
import { GraphTools, useDragPan } from './GraphTools.js';
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

  const [hideDone, setHideDone] = useState(false);
  const [showAlone, setShowAlone] = useState(true);
  const [focus, setFocus] = useState<string | null>(null);
  const [zoom, setZoom] = useState(1);
  const scroller = useRef<HTMLDivElement>(null);
  useDragPan(scroller);

  const tasks = useMemo(() => {
    const shown = [...board.tasks.values()].filter((t) => board.matches(t) && !(hideDone && t.status === 'done'));
    if (!focus) return shown;
    const keep = neighbourhood(
      shown.map((t) => ({ id: t.id, number: t.task_number, dependsOn: t.depends_on })),
      focus,
    );
    return shown.filter((t) => keep.has(t.task_number));
  }, [board.version, hideDone, focus]);
  const layout = useMemo(
    () =>
      layoutGraph(
        tasks.map((t) => ({ id: t.id, number: t.task_number, dependsOn: t.depends_on })),
        { isolated: showAlone },
      ),
    [tasks, showAlone],
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
      <GraphTools
        zoom={zoom}
        onZoom={setZoom}
        onFit={() => {
          const el = scroller.current;
          if (el) setZoom(Math.max(0.2, Math.min(1.5, el.clientWidth / layout.width, el.clientHeight / layout.height)));
        }}
        hideDone={hideDone}
        onHideDone={setHideDone}
        showAlone={showAlone}
        onShowAlone={setShowAlone}
        alone={layout.isolated}
        focus={focus}
        onFocus={setFocus}
      />
      <div
        class="graph-scroll"
        ref={scroller}
        onWheel={(e) => {
          if (!e.ctrlKey && !e.metaKey) return;
          e.preventDefault();
          setZoom((z) => Math.max(0.2, Math.min(2, z * (e.deltaY < 0 ? 1.1 : 1 / 1.1))));
        }}
      >
        <svg
          class="graph"
          data-zoom={zoom.toFixed(2)}
          width={Math.round(layout.width * zoom)}
          height={Math.round(layout.height * zoom)}
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
                  data-node={t.task_number}
                  aria-label={`${t.task_number} ${t.title} (${STATUS_LABELS[t.status]})`}
                  class={`gnode-link status-${t.status}${t.task_number === focus ? ' focused' : ''}`}
                  onClick={(e) => {
                    e.preventDefault();
                    if (e.altKey) setFocus(t.task_number);
                    else openTask(t.task_number);
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
