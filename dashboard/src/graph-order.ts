/** Layer assignment and ordering for the dependency graph: short edges, few crossings. */
import type { GraphInput } from './graph-layout.js';

/**
 * Each task's column: first the longest chain of dependencies before it, then pulled right to sit just
 * before its nearest dependent, so an edge spans one column where it can.
 */
export function assignLayers(items: GraphInput[]): Map<string, number> {
  const known = new Set(items.map((t) => t.number));
  const deps = new Map(items.map((t) => [t.number, t.dependsOn.filter((d) => known.has(d))]));
  const dependents = new Map<string, string[]>();
  for (const [n, ds] of deps) for (const d of ds) dependents.set(d, [...(dependents.get(d) ?? []), n]);
  const layer = new Map<string, number>();
  // Longest path, iteratively (Kahn's order), so long chains cannot overflow the stack.
  const indegree = new Map([...deps].map(([n, ds]) => [n, ds.length]));
  const queue = [...indegree].filter(([, d]) => d === 0).map(([n]) => n);
  const order: string[] = [];
  for (let i = 0; i < queue.length; i++) {
    const n = queue[i] as string;
    order.push(n);
    const l = layer.get(n) ?? 0;
    layer.set(n, l);
    for (const m of dependents.get(n) ?? []) {
      layer.set(m, Math.max(layer.get(m) ?? 0, l + 1));
      const left = (indegree.get(m) ?? 1) - 1;
      indegree.set(m, left);
      if (left === 0) queue.push(m);
    }
  }
  // A cycle (the server refuses them) leaves nodes out of the order: they keep layer 0.
  for (const t of items) if (!layer.has(t.number)) layer.set(t.number, 0);
  for (let i = order.length - 1; i >= 0; i--) {
    const n = order[i] as string;
    const after = (dependents.get(n) ?? []).map((m) => layer.get(m) ?? 0);
    if (after.length) layer.set(n, Math.min(...after) - 1);
  }
  return layer;
}

/** Order within each layer by the barycenter heuristic, sweeping down and up a few times. */
export function orderLayers(layers: string[][], edges: [string, string][], sweeps = 4): string[][] {
  const up = new Map<string, string[]>();
  const down = new Map<string, string[]>();
  for (const [from, to] of edges) {
    down.set(from, [...(down.get(from) ?? []), to]);
    up.set(to, [...(up.get(to) ?? []), from]);
  }
  const result = layers.map((l) => [...l]);
  const position = new Map<string, number>();
  const index = () => {
    for (const l of result) l.forEach((n, i) => void position.set(n, i));
  };
  index();
  const sortBy = (layer: string[], neighbours: Map<string, string[]>) => {
    const weight = new Map<string, number>();
    layer.forEach((n, i) => {
      const ps = (neighbours.get(n) ?? []).map((m) => position.get(m)).filter((p): p is number => p !== undefined);
      weight.set(n, ps.length ? ps.reduce((a, b) => a + b, 0) / ps.length : i);
    });
    layer.sort((a, b) => (weight.get(a) ?? 0) - (weight.get(b) ?? 0));
  };
  for (let s = 0; s < sweeps; s++) {
    for (let i = 1; i < result.length; i++) {
      sortBy(result[i] ?? [], up);
      index();
    }
    for (let i = result.length - 2; i >= 0; i--) {
      sortBy(result[i] ?? [], down);
      index();
    }
  }
  return result;
}

/** Edge crossings between adjacent layers (for tests and for choosing between orders). */
export function crossings(layers: string[][], edges: [string, string][]): number {
  const where = new Map<string, { layer: number; pos: number }>();
  layers.forEach((l, li) => {
    l.forEach((n, pos) => void where.set(n, { layer: li, pos }));
  });
  const spans = edges
    .map(([a, b]) => [where.get(a), where.get(b)] as const)
    .filter((e): e is readonly [{ layer: number; pos: number }, { layer: number; pos: number }] => !!e[0] && !!e[1])
    .filter(([a, b]) => b.layer === a.layer + 1);
  let count = 0;
  for (let i = 0; i < spans.length; i++)
    for (let j = i + 1; j < spans.length; j++) {
      const [a1, b1] = spans[i] ?? [];
      const [a2, b2] = spans[j] ?? [];
      if (!a1 || !b1 || !a2 || !b2 || a1.layer !== a2.layer) continue;
      if ((a1.pos - a2.pos) * (b1.pos - b2.pos) < 0) count++;
    }
  return count;
}

/** A task with everything it depends on (upstream) and everything depending on it (downstream). */
export function neighbourhood(items: GraphInput[], number: string): Set<string> {
  const dependents = new Map<string, string[]>();
  const deps = new Map(items.map((t) => [t.number, t.dependsOn]));
  for (const t of items) for (const d of t.dependsOn) dependents.set(d, [...(dependents.get(d) ?? []), t.number]);
  const seen = new Set([number]);
  const walk = (start: string, next: (n: string) => string[]) => {
    const stack = [start];
    while (stack.length) for (const m of next(stack.pop() as string)) if (!seen.has(m)) seen.add(m), stack.push(m);
  };
  walk(number, (n) => deps.get(n) ?? []);
  walk(number, (n) => dependents.get(n) ?? []);
  return seen;
}
