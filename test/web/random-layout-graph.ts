// A seeded random graph for the layered layout, shared by its test and its bench: mostly
// forward edges, with one in twenty pointing back to make cycles.
import { seededRandom } from '../../src/core/random.ts';
import type { LayoutEdge } from '../../web/src/graph/layered-layout.ts';

export function randomLayoutGraph(n: number, seed = 7): { ids: string[]; edges: LayoutEdge[] } {
  const rnd = seededRandom(seed);
  const ids = Array.from({ length: n }, (_, i) => `n${i}`);
  const edges: LayoutEdge[] = [];
  for (let i = 0; i < 2 * n; i++) {
    const a = Math.floor(rnd() * n);
    const b = rnd() < 0.05 ? Math.floor(rnd() * n) : Math.min(n - 1, a + 1 + Math.floor(rnd() * 50));
    edges.push({ source: ids[a] as string, target: ids[b] as string });
  }
  return { ids, edges };
}
