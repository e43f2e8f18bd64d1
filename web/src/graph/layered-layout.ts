// A layered (Sugiyama-style) layout computed once, before Cytoscape sees the graph: force
// layouts iterate over all pairs and freeze the page at a few thousand nodes, while this is
// linear in nodes and edges plus two ordering sweeps. Attack graphs read bottom-up anyway:
// leaves (facts) at the top, each derived privilege below what enabled it.
// Pure: no DOM, so the Node tests run it directly.

export interface LayoutEdge { source: string; target: string }
export interface Point { x: number; y: number }

export interface LayoutOptions {
  /** Horizontal distance between neighbours in a row. */
  dx?: number;
  /** Vertical distance between rows. */
  dy?: number;
  /** A rank wider than this is wrapped into several rows, so 2,000 leaves do not make one line. */
  maxRow?: number;
  /** Barycentre sweeps (down then up) that reduce crossings. */
  sweeps?: number;
}

/**
 * Rank of each node. Cycles (a privilege that re-derives itself through another host) are
 * broken first, as Graphviz's dot does: a depth-first walk from the nodes without
 * predecessors drops the edges that point back up the walk. On what is left, a node's rank is
 * its longest path from a source; then each source moves down to just above its first user, so
 * facts sit beside the step that uses them instead of all in one top row.
 */
export function rankNodes(ids: readonly string[], edges: readonly LayoutEdge[]): Map<string, number> {
  const index = new Map(ids.map((id, i) => [id, i]));
  const n = ids.length;
  const succ: number[][] = Array.from({ length: n }, () => []);
  const indeg = new Int32Array(n);
  for (const e of edges) {
    const s = index.get(e.source);
    const t = index.get(e.target);
    if (s === undefined || t === undefined || s === t) continue;
    succ[s]!.push(t);
    indeg[t]!++;
  }
  // Iterative DFS (5,000-deep recursion would overflow): 0 unseen, 1 on the stack, 2 done.
  const state = new Uint8Array(n);
  const kept: number[][] = Array.from({ length: n }, () => []);
  const order = [...Array(n).keys()].sort((a, b) => indeg[a]! - indeg[b]!);
  for (const root of order) {
    if (state[root] !== 0) continue;
    const stack: [number, number][] = [[root, 0]];
    state[root] = 1;
    while (stack.length) {
      const top = stack[stack.length - 1]!;
      const [v, i] = top;
      if (i === succ[v]!.length) {
        state[v] = 2;
        stack.pop();
        continue;
      }
      top[1] = i + 1;
      const w = succ[v]![i]!;
      if (state[w] === 1) continue; // back edge: closes a cycle, left out of the ranking
      kept[v]!.push(w);
      if (state[w] === 0) {
        state[w] = 1;
        stack.push([w, 0]);
      }
    }
  }
  const waiting = new Int32Array(n);
  for (let v = 0; v < n; v++) for (const w of kept[v]!) waiting[w]!++;
  const rank = new Int32Array(n);
  const queue: number[] = [];
  for (let v = 0; v < n; v++) if (waiting[v] === 0) queue.push(v);
  for (let head = 0; head < queue.length; head++) {
    const v = queue[head]!;
    for (const w of kept[v]!) {
      rank[w] = Math.max(rank[w]!, rank[v]! + 1);
      if (--waiting[w]! === 0) queue.push(w);
    }
  }
  for (let v = 0; v < n; v++) {
    if (indeg[v] !== 0 || kept[v]!.length === 0) continue;
    let first = Infinity;
    for (const w of kept[v]!) first = Math.min(first, rank[w]!);
    rank[v] = first - 1;
  }
  return new Map(ids.map((id, i) => [id, rank[i]!]));
}

/** Positions for every node: ranks as bands of rows, ordered within a rank by barycentres. */
export function layeredLayout(ids: readonly string[], edges: readonly LayoutEdge[], opts: LayoutOptions = {}): Map<string, Point> {
  const dx = opts.dx ?? 80;
  const dy = opts.dy ?? 90;
  const maxRow = opts.maxRow ?? 80;
  const sweeps = opts.sweeps ?? 2;
  const rank = rankNodes(ids, edges);
  const layers: string[][] = [];
  for (const id of ids) (layers[rank.get(id)!] ??= []).push(id);
  const up = new Map<string, string[]>();
  const down = new Map<string, string[]>();
  for (const e of edges) {
    if (!rank.has(e.source) || !rank.has(e.target) || e.source === e.target) continue;
    (down.get(e.source) ?? down.set(e.source, []).get(e.source)!).push(e.target);
    (up.get(e.target) ?? up.set(e.target, []).get(e.target)!).push(e.source);
  }
  const pos = new Map<string, number>();
  const setPositions = (layer: string[]) => layer.forEach((id, i) => pos.set(id, i / Math.max(1, layer.length - 1)));
  for (const layer of layers) if (layer) setPositions(layer);
  const reorder = (layer: string[], neighbours: Map<string, string[]>) => {
    const key = new Map<string, number>();
    for (const id of layer) {
      const ns = neighbours.get(id);
      if (!ns || ns.length === 0) {
        key.set(id, pos.get(id)!);
        continue;
      }
      let sum = 0;
      for (const m of ns) sum += pos.get(m) ?? 0;
      key.set(id, sum / ns.length);
    }
    layer.sort((a, b) => key.get(a)! - key.get(b)!);
    setPositions(layer);
  };
  for (let s = 0; s < sweeps; s++) {
    for (let r = 1; r < layers.length; r++) if (layers[r]) reorder(layers[r]!, up);
    for (let r = layers.length - 2; r >= 0; r--) if (layers[r]) reorder(layers[r]!, down);
  }
  const out = new Map<string, Point>();
  let y = 0;
  for (const layer of layers) {
    if (!layer) continue;
    const rows = Math.ceil(layer.length / maxRow);
    const perRow = Math.ceil(layer.length / rows);
    for (let i = 0; i < layer.length; i++) {
      const row = Math.floor(i / perRow);
      const inRow = Math.min(perRow, layer.length - row * perRow);
      // Wrapped rows are staggered by half a step so edges through them stay visible.
      const x = (i - row * perRow - (inRow - 1) / 2) * dx + (row % 2 ? dx / 2 : 0);
      out.set(layer[i]!, { x, y: y + row * (dy / 2) });
    }
    y += dy + (rows - 1) * (dy / 2);
  }
  return out;
}
