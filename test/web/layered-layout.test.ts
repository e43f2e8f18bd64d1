// The graph page's layered layout: edges point down, cycles do not stop it, facts sit just
// above the step that uses them, wide ranks wrap, and 5,000 nodes take well under a second.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { layeredLayout, rankNodes, type LayoutEdge } from '../../web/src/graph/layered-layout.ts';
import { randomLayoutGraph } from './random-layout-graph.ts';

const e = (source: string, target: string): LayoutEdge => ({ source, target });

describe('layered layout', () => {
  it('ranks every edge of an acyclic graph downwards', () => {
    const edges = [e('leaf1', 'and1'), e('leaf2', 'and1'), e('and1', 'or1'), e('or1', 'and2'), e('leaf3', 'and2'), e('and2', 'goal')];
    const ids = [...new Set(edges.flatMap((x) => [x.source, x.target]))];
    const rank = rankNodes(ids, edges);
    for (const x of edges) assert.ok(rank.get(x.target)! > rank.get(x.source)!, `${x.source} -> ${x.target}`);
    assert.equal(rank.get('goal'), 4);
    // leaf3 is used only by and2 (rank 3): it sits at rank 2, not among the top row.
    assert.equal(rank.get('leaf3'), 2);
  });

  it('breaks cycles and still places every node once', () => {
    const edges = [e('src', 'a'), e('a', 'b'), e('b', 'c'), e('c', 'a'), e('x', 'y'), e('y', 'x')];
    const ids = ['src', 'a', 'b', 'c', 'x', 'y', 'alone'];
    const pos = layeredLayout(ids, edges);
    assert.deepEqual([...pos.keys()].sort(), [...ids].sort());
    const seen = new Set([...pos.values()].map((p) => `${p.x},${p.y}`));
    assert.equal(seen.size, ids.length, 'no two nodes share a position');
    const rank = rankNodes(ids, edges);
    assert.ok(rank.get('a')! > rank.get('src')! && rank.get('b')! > rank.get('a')! && rank.get('c')! > rank.get('b')!);
  });

  it('wraps a wide rank into rows no wider than maxRow', () => {
    const ids = ['goal', ...Array.from({ length: 100 }, (_, i) => `leaf${i}`)];
    const edges = ids.slice(1).map((l) => e(l, 'goal'));
    const pos = layeredLayout(ids, edges, { maxRow: 20, dx: 10 });
    const rows = new Map<number, number>();
    for (const id of ids.slice(1)) rows.set(pos.get(id)!.y, (rows.get(pos.get(id)!.y) ?? 0) + 1);
    assert.equal(rows.size, 5);
    for (const n of rows.values()) assert.ok(n <= 20);
    assert.ok(pos.get('goal')!.y > Math.max(...rows.keys()), 'the goal is below all its facts');
  });

  it('lays out 5,000 nodes and 10,000 edges with cycles, one position per node', () => {
    const n = 5000;
    const { ids, edges } = randomLayoutGraph(n);
    const pos = layeredLayout(ids, edges, { maxRow: 85 });
    assert.equal(pos.size, n);
    // Distinct positions: no two nodes drawn on top of each other.
    assert.equal(new Set([...pos.values()].map((p) => `${p.x},${p.y}`)).size, n);
  });
});
