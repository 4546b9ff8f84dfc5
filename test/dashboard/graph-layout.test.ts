import { describe, expect, it } from 'vitest';
import { NODE_H, NODE_W, edgePath, layoutGraph } from '../../dashboard/src/graph-layout.js';

const t = (n: number, deps: number[] = []) => ({
  id: `id-${n}`,
  number: `T-${String(n).padStart(3, '0')}`,
  dependsOn: deps.map((d) => `T-${String(d).padStart(3, '0')}`),
});

describe('layoutGraph', () => {
  it('places every task once, dependencies to the left of their dependents', () => {
    const items = [t(1), t(2, [1]), t(3, [1]), t(4, [2, 3]), t(5)];
    const { nodes, edges, width, height } = layoutGraph(items);
    expect(nodes).toHaveLength(5);
    expect(edges).toHaveLength(4);
    const at = new Map(nodes.map((n) => [n.number, n]));
    for (const e of edges) expect(e.from.x).toBeLessThan(e.to.x);
    expect(at.get('T-004')?.layer).toBe(2);
    for (const n of nodes) {
      expect(n.x + NODE_W).toBeLessThanOrEqual(width);
      expect(n.y + NODE_H).toBeLessThanOrEqual(height);
    }
  });

  it('never overlaps two nodes, even for a wide layer that wraps', () => {
    const items = Array.from({ length: 500 }, (_, i) => t(i + 1));
    const { nodes } = layoutGraph(items);
    const spots = new Set(nodes.map((n) => `${n.x},${n.y}`));
    expect(spots.size).toBe(500);
  });

  it('ignores dependencies outside the set and survives a cycle', () => {
    const { nodes, edges } = layoutGraph([t(1, [2]), t(2, [1]), t(3, [99])]);
    expect(nodes).toHaveLength(3);
    expect(edges).toHaveLength(2);
  });

  it('lays out a long chain without exhausting the stack', () => {
    const items = Array.from({ length: 3000 }, (_, i) => t(i + 1, i ? [i] : []));
    const { nodes } = layoutGraph(items.reverse());
    expect(Math.max(...nodes.map((n) => n.layer))).toBe(2999);
  });

  it('routes an edge that skips columns along a gap between rows, clear of every node', () => {
    // T-001 → T-005 must span columns: T-005 also waits on the chain T-001 → T-003 → T-004.
    const items = [t(1), t(2), t(3, [1]), t(4, [3]), t(5, [1, 2, 4]), t(6, [1])];
    const { nodes, edges } = layoutGraph(items);
    let long = 0;
    for (const e of edges) {
      const d = edgePath(e.from, e.to);
      expect(d.startsWith(`M ${e.from.x + NODE_W} ${e.from.y + NODE_H / 2}`)).toBe(true);
      expect(d.endsWith(`${e.to.x - 2} ${e.to.y + NODE_H / 2}`)).toBe(true);
      const lane = / L ([\d.]+) ([\d.]+)/.exec(d);
      if (!lane) continue;
      long++;
      const y = Number(lane[2]);
      const [fromX, toX] = [e.from.x + NODE_W, e.to.x];
      for (const n of nodes) {
        if (n.x + NODE_W <= fromX || n.x >= toX) continue;
        expect(y <= n.y || y >= n.y + NODE_H, `${e.from.number}→${e.to.number} crosses ${n.number}`).toBe(true);
      }
    }
    expect(long).toBeGreaterThan(0);
  });
});
