import { describe, expect, it } from 'vitest';
import { DEFAULT_GEOMETRY, layoutGraph, type LayoutEdge, type LayoutNode } from '../../../lib/docs/lineage-graph/graph-layout.ts';

const node = (id: string, band: number, group = 0): LayoutNode => ({ id, band, group });

function crossings(layout: ReturnType<typeof layoutGraph>, edges: readonly LayoutEdge[]): number {
  let count = 0;
  for (const [index, first] of edges.entries()) {
    for (const second of edges.slice(index + 1)) {
      const [a1, a2, b1, b2] = [first.from, first.to, second.from, second.to].map((id) => layout.nodes.get(id)?.y as number) as [number, number, number, number];
      if ((a1 - b1) * (a2 - b2) < 0) count += 1;
    }
  }
  return count;
}

describe('layoutGraph', () => {
  it('gives each band a column, left to right, and leaves out empty bands', () => {
    const layout = layoutGraph([node('source', 0), node('mart', 3), node('exposure', 4)], []);
    const x = (id: string): number => layout.nodes.get(id)?.x as number;
    expect(layout.columns.map((column) => column.band)).toEqual([0, 3, 4]);
    expect(x('source')).toBe(DEFAULT_GEOMETRY.margin);
    expect(x('mart') - x('source')).toBe(DEFAULT_GEOMETRY.nodeWidth + DEFAULT_GEOMETRY.columnGap);
    expect(layout.width).toBe(DEFAULT_GEOMETRY.margin * 2 + 3 * DEFAULT_GEOMETRY.nodeWidth + 2 * DEFAULT_GEOMETRY.columnGap);
  });

  it('orders a column to remove crossings', () => {
    const nodes = [node('a', 0), node('b', 0), node('c', 0), node('z', 1), node('y', 1), node('x', 1)];
    const edges = [
      { from: 'a', to: 'x' },
      { from: 'b', to: 'y' },
      { from: 'c', to: 'z' },
    ];
    expect(crossings(layoutGraph(nodes, edges), edges)).toBe(0);
  });

  it('keeps groups together in their order, with a gap between them, and never overlaps nodes', () => {
    const nodes = [node('fact', 2, 1), node('dim_a', 2, 0), node('fact_b', 2, 1), node('dim_b', 2, 0)];
    const layout = layoutGraph(nodes, []);
    const ys = ['dim_a', 'dim_b', 'fact', 'fact_b'].map((id) => layout.nodes.get(id)?.y as number);
    const sorted = [...ys].sort((left, right) => left - right);
    expect(Math.max(...ys.slice(0, 2))).toBeLessThan(Math.min(...ys.slice(2)));
    for (let index = 1; index < sorted.length; index += 1) {
      expect((sorted[index] as number) - (sorted[index - 1] as number)).toBeGreaterThanOrEqual(DEFAULT_GEOMETRY.nodeHeight + DEFAULT_GEOMETRY.rowGap);
    }
    expect(Math.min(...ys.slice(2)) - Math.max(...ys.slice(0, 2))).toBe(DEFAULT_GEOMETRY.nodeHeight + DEFAULT_GEOMETRY.rowGap + DEFAULT_GEOMETRY.groupGap);
  });

  it('centres shorter columns against the tallest, and ignores edges to nodes it was not given', () => {
    const layout = layoutGraph([node('a', 0), node('b', 0), node('c', 0), node('d', 1)], [{ from: 'elsewhere', to: 'd' }]);
    const ys = ['a', 'b', 'c'].map((id) => layout.nodes.get(id)?.y as number);
    expect(layout.nodes.get('d')?.y).toBe(ys[1]);
    expect(layout.height).toBe(DEFAULT_GEOMETRY.margin * 2 + DEFAULT_GEOMETRY.headerHeight + 3 * DEFAULT_GEOMETRY.nodeHeight + 2 * DEFAULT_GEOMETRY.rowGap);
  });
});
