/** Automatic layout of the dependency graph: layered (short edges), rows ordered to reduce crossings. */
import { assignLayers, orderLayers } from './graph-order.js';

export interface GraphInput {
  id: string;
  number: string;
  dependsOn: string[];
}

export interface PlacedNode {
  id: string;
  number: string;
  layer: number;
  x: number;
  y: number;
}

export interface PlacedEdge {
  from: PlacedNode;
  to: PlacedNode;
}

export const NODE_W = 190;
export const NODE_H = 46;
export const GAP_X = 70;
export const GAP_Y = 14;
/** A layer taller than this wraps into several columns, so 2,000 independent tasks stay browsable. */
const MAX_ROWS = 30;
const PAD = 16;

export function layoutGraph(
  items: GraphInput[],
  options: { isolated?: boolean } = {},
): {
  nodes: PlacedNode[];
  edges: PlacedEdge[];
  width: number;
  height: number;
  /** Tasks with no dependency either way: after the connected ones, or left out with `isolated: false`. */
  isolated: number;
} {
  const known = new Set(items.map((t) => t.number));
  const pairs: [string, string][] = [];
  for (const t of items) for (const d of t.dependsOn) if (known.has(d)) pairs.push([d, t.number]);
  const linked = new Set(pairs.flat());
  const connected = items.filter((t) => linked.has(t.number));
  const alone = items.filter((t) => !linked.has(t.number)).sort((a, b) => num(a.number) - num(b.number));

  const layerOf = assignLayers(connected);
  const layers: string[][] = [];
  for (const t of [...connected].sort((a, b) => num(a.number) - num(b.number)))
    (layers[layerOf.get(t.number) ?? 0] ??= []).push(t.number);
  const ordered = orderLayers(
    layers.map((l) => l ?? []),
    pairs,
  );
  if (options.isolated !== false && alone.length) ordered.push(alone.map((t) => t.number));

  const byNumber = new Map(items.map((t) => [t.number, t]));
  const placed = new Map<string, PlacedNode>();
  let column = 0;
  let maxRows = 0;
  ordered.forEach((layer, li) => {
    layer.forEach((n, i) => {
      const t = byNumber.get(n);
      if (!t) return;
      const r = i % MAX_ROWS;
      maxRows = Math.max(maxRows, r + 1);
      placed.set(n, {
        id: t.id,
        number: n,
        layer: li,
        x: PAD + (column + Math.floor(i / MAX_ROWS)) * (NODE_W + GAP_X),
        y: PAD + r * (NODE_H + GAP_Y),
      });
    });
    column += Math.max(1, Math.ceil(layer.length / MAX_ROWS));
  });

  const edges: PlacedEdge[] = [];
  for (const [d, n] of pairs) {
    const from = placed.get(d);
    const to = placed.get(n);
    if (from && to) edges.push({ from, to });
  }
  return {
    nodes: [...placed.values()],
    edges,
    width: PAD * 2 + Math.max(1, column) * (NODE_W + GAP_X) - GAP_X,
    height: PAD * 2 + Math.max(1, maxRows) * (NODE_H + GAP_Y) - GAP_Y,
    isolated: alone.length,
  };
}

function num(n: string): number {
  return Number(n.replace(/^T-/i, '')) || 0;
}

/**
 * SVG path of an edge, from the right side of the dependency to the left side of the dependent. An
 * edge that skips columns runs along the gap between two rows, where no node ever sits, so it never
 * looks as if it ended on a task in between.
 */
export function edgePath(from: PlacedNode, to: PlacedNode): string {
  const x1 = from.x + NODE_W;
  const y1 = from.y + NODE_H / 2;
  const x2 = to.x - 2;
  const y2 = to.y + NODE_H / 2;
  if (x2 - x1 <= GAP_X + 1) {
    const mid = (x1 + x2) / 2;
    return `M ${x1} ${y1} C ${mid} ${y1}, ${mid} ${y2}, ${x2} ${y2}`;
  }
  const lane = y2 >= y1 ? from.y + NODE_H + GAP_Y / 2 : from.y - GAP_Y / 2;
  const inX = x1 + GAP_X / 2;
  const outX = x2 - GAP_X / 2;
  const bend = GAP_X / 4;
  return `M ${x1} ${y1} C ${x1 + bend} ${y1}, ${inX - bend} ${lane}, ${inX} ${lane} L ${outX} ${lane} C ${outX + bend} ${lane}, ${x2 - bend} ${y2}, ${x2} ${y2}`;
}
