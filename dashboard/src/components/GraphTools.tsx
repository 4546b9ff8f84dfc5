import type { RefObject } from 'preact';
import { useEffect, useState } from 'preact/hooks';

/** Zoom, focus and what to show: the graph's toolbar. */
export function GraphTools(props: {
  zoom: number;
  onZoom: (z: number) => void;
  onFit: () => void;
  hideDone: boolean;
  onHideDone: (v: boolean) => void;
  showAlone: boolean;
  onShowAlone: (v: boolean) => void;
  alone: number;
  focus: string | null;
  onFocus: (n: string | null) => void;
}) {
  const [input, setInput] = useState(props.focus ?? '');
  useEffect(() => setInput(props.focus ?? ''), [props.focus]);
  const step = (f: number) => props.onZoom(Math.max(0.2, Math.min(2, props.zoom * f)));
  return (
    <div class="graph-tools">
      <span class="zoom">
        <button type="button" class="small" aria-label="Zoom out" onClick={() => step(1 / 1.25)}>
          −
        </button>
        <output class="small" aria-label="Zoom">
          {Math.round(props.zoom * 100)}%
        </output>
        <button type="button" class="small" aria-label="Zoom in" onClick={() => step(1.25)}>
          +
        </button>
        <button type="button" class="small" onClick={props.onFit}>
          Fit
        </button>
      </span>
      <form
        class="graph-focus"
        onSubmit={(e) => {
          e.preventDefault();
          props.onFocus(/^t-\d+$/i.test(input.trim()) ? input.trim().toUpperCase() : null);
        }}
      >
        <label>
          <span>Focus</span>
          <input
            name="focus"
            size={7}
            placeholder="T-012"
            value={input}
            onInput={(e) => setInput(e.currentTarget.value)}
          />
        </label>
        <button type="submit" class="small">
          Show
        </button>
        {props.focus && (
          <button type="button" class="link-button small" onClick={() => props.onFocus(null)}>
            All tasks
          </button>
        )}
      </form>
      <label class="check">
        <input
          type="checkbox"
          name="hide-done"
          checked={props.hideDone}
          onChange={(e) => props.onHideDone(e.currentTarget.checked)}
        />
        <span>Hide done</span>
      </label>
      <label class="check">
        <input
          type="checkbox"
          name="show-alone"
          checked={props.showAlone}
          onChange={(e) => props.onShowAlone(e.currentTarget.checked)}
        />
        <span>Unconnected tasks{props.alone ? ` (${props.alone})` : ''}</span>
      </label>
      <span class="small muted hint-pointer">Drag to pan · Ctrl+wheel to zoom · Alt+click a task to focus on it</span>
      <span class="small muted hint-touch">Drag to pan · − and + to zoom · Focus to see one task’s chain</span>
    </div>
  );
}

/** Drag the background of a scrolling box to pan it (a press on a node still opens the node). */
export function useDragPan(ref: RefObject<HTMLElement | null>): void {
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    let start: { x: number; y: number; left: number; top: number } | null = null;
    const down = (e: PointerEvent) => {
      if (e.button !== 0 || (e.target as Element).closest('a')) return;
      start = { x: e.clientX, y: e.clientY, left: el.scrollLeft, top: el.scrollTop };
      el.setPointerCapture(e.pointerId);
      el.classList.add('panning');
    };
    const move = (e: PointerEvent) => {
      if (!start) return;
      el.scrollLeft = start.left - (e.clientX - start.x);
      el.scrollTop = start.top - (e.clientY - start.y);
    };
    const up = () => {
      start = null;
      el.classList.remove('panning');
    };
    el.addEventListener('pointerdown', down);
    el.addEventListener('pointermove', move);
    el.addEventListener('pointerup', up);
    el.addEventListener('pointercancel', up);
    return () => {
      el.removeEventListener('pointerdown', down);
      el.removeEventListener('pointermove', move);
      el.removeEventListener('pointerup', up);
      el.removeEventListener('pointercancel', up);
    };
  }, [ref]);
}
