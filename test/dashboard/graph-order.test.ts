import { describe, expect, it } from 'vitest';
import { layoutGraph } from '../../dashboard/src/graph-layout.js';
import { assignLayers, crossings, neighbourhood, orderLayers } from '../../dashboard/src/graph-order.js';

const t = (n: number, deps: number[] = []) => ({
  id: `id-${n}`,
  number: `T-${n}`,
  dependsOn: deps.map((d) => `T-${d}`),
});

describe('graph order', () => {
  it('pulls a dependency right, next to its nearest dependent', () => {
    const layers = assignLayers([t(1), t(2, [1]), t(3, [2]), t(4), t(5, [3, 4])]);
    expect(layers.get('T-4')).toBe(2); // not 0: T-5 sits in column 3
    expect(layers.get('T-5')).toBe(3);
  });

  it('barycenter sweeps remove the crossings of a twisted pair', () => {
    const edges: [string, string][] = [
      ['a', 'y'],
      ['b', 'x'],
    ];
    const before = [
      ['a', 'b'],
      ['x', 'y'],
    ];
    expect(crossings(before, edges)).toBe(1);
    expect(crossings(orderLayers(before, edges), edges)).toBe(0);
  });

  it('tasks with no dependency either way go after the connected ones, or are left out', () => {
    const items = [t(1), t(2, [1]), t(3), t(4)];
    const all = layoutGraph(items);
    expect(all.isolated).toBe(2);
    const at = new Map(all.nodes.map((n) => [n.number, n]));
    expect(at.get('T-3')?.x).toBeGreaterThan(at.get('T-2')?.x ?? Number.POSITIVE_INFINITY);
    expect(
      layoutGraph(items, { isolated: false })
        .nodes.map((n) => n.number)
        .sort(),
    ).toEqual(['T-1', 'T-2']);
  });

  it('a neighbourhood is everything upstream and downstream of a task', () => {
    const items = [t(1), t(2, [1]), t(3, [2]), t(4, [1]), t(5), t(6, [5])];
    expect([...neighbourhood(items, 'T-2')].sort()).toEqual(['T-1', 'T-2', 'T-3']);
    expect([...neighbourhood(items, 'T-6')].sort()).toEqual(['T-5', 'T-6']);
  });

  it('lays out 2,000 tasks in chains quickly', () => {
    const items = Array.from({ length: 2000 }, (_, i) => t(i + 1, i % 10 ? [i] : []));
    const t0 = performance.now();
    const { nodes } = layoutGraph(items);
    expect(nodes).toHaveLength(2000);
    expect(performance.now() - t0).toBeLessThan(2000);
  });
});
