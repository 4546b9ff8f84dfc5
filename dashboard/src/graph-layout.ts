/** Automatic layout of the dependency graph: columns by dependency depth, rows ordered to keep edges short. */

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

export function layoutGraph(items: GraphInput[]): {
  nodes: PlacedNode[];
  edges: PlacedEdge[];
  width: number;
  height: number;
} {
  const byNumber = new Map(items.map((t) => [t.number, t]));
  const depth = new Map<string, number>();
  const visiting = new Set<string>();
  const depthOf = (n: string): number => {
    const known = depth.get(n);
    if (known !== undefined) return known;
    if (visiting.has(n)) return 0; // the server rejects cycles; this only guards the layout
    visiting.add(n);
    let d = 0;
    for (const dep of byNumber.get(n)?.dependsOn ?? []) if (byNumber.has(dep)) d = Math.max(d, depthOf(dep) + 1);
    visiting.delete(n);
    depth.set(n, d);
    return d;
  };
  // Iterative warm-up from shallow to deep keeps recursion short on long chains.
  const numbers = items.map((t) => t.number).sort((a, b) => num(a) - num(b));
  for (const n of numbers) depthOf(n);

  const layers: GraphInput[][] = [];
  for (const t of items) (layers[depth.get(t.number) ?? 0] ??= []).push(t);

  const row = new Map<string, number>();
  const placed = new Map<string, PlacedNode>();
  let column = 0;
  let maxRows = 0;
  layers.forEach((layer, li) => {
    if (!layer) return;
    const weight = (t: GraphInput): number => {
      const parents = t.dependsOn.map((d) => row.get(d)).filter((r): r is number => r !== undefined);
      return parents.length ? parents.reduce((a, b) => a + b, 0) / parents.length : Number.POSITIVE_INFINITY;
    };
    const ordered = layer
      .map((t) => ({ t, w: li === 0 ? 0 : weight(t) }))
      .sort((a, b) => a.w - b.w || num(a.t.number) - num(b.t.number))
      .map((x) => x.t);
    ordered.forEach((t, i) => {
      const sub = Math.floor(i / MAX_ROWS);
      const r = i % MAX_ROWS;
      row.set(t.number, i);
      maxRows = Math.max(maxRows, r + 1);
      placed.set(t.number, {
        id: t.id,
        number: t.number,
        layer: li,
        x: PAD + (column + sub) * (NODE_W + GAP_X),
        y: PAD + r * (NODE_H + GAP_Y),
      });
    });
    column += Math.ceil(ordered.length / MAX_ROWS);
  });

  const edges: PlacedEdge[] = [];
  for (const t of items) {
    const to = placed.get(t.number);
    for (const d of t.dependsOn) {
      const from = placed.get(d);
      if (from && to) edges.push({ from, to });
    }
  }
  return {
    nodes: [...placed.values()],
    edges,
    width: PAD * 2 + Math.max(1, column) * (NODE_W + GAP_X) - GAP_X,
    height: PAD * 2 + Math.max(1, maxRows) * (NODE_H + GAP_Y) - GAP_Y,
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
