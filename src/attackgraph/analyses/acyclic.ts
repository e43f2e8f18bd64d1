// MulVAL's `-p` mode: keep an OR->AND arc only if it lies on an acyclic derivation of a goal,
// i.e. on some proof tree in which no fact repeats along a branch. A rule instance below fact
// `o`, reached along the path P from a goal, qualifies when each of its premises can be
// derived without using any fact of P or `o` itself; a fact is derivable avoiding a set T
// exactly when it is in the least fixpoint of the graph with T removed (a least-fixpoint
// derivation is well-founded, so it never repeats a fact along a branch).
// Like MulVAL's, this enumerates paths and is exponential in the worst case: a budget stops it
// with a clear error instead of running for hours.
import { andsOf, bodyOf, type AndOrGraph } from '../graph.ts';

export function acyclicAnds(g: AndOrGraph, budget = 2_000_000): Uint8Array {
  const keep = new Uint8Array(g.andCount);
  const derivMemo = new Map<string, boolean>();
  const visitMemo = new Set<string>();
  let work = 0;
  const spend = () => {
    if (++work > budget) throw new Error(`acyclic pruning gave up after ${budget} steps; the graph has too many simple paths (use the full graph)`);
  };

  // Whether fact c is derivable in the graph with the facts of `avoid` removed.
  function derivable(c: number, avoid: Set<number>, avoidKey: string): boolean {
    if (!g.facts.derived[c]) return true;
    if (avoid.has(c)) return false;
    const key = `${c}|${avoidKey}`;
    const memo = derivMemo.get(key);
    if (memo !== undefined) return memo;
    // Collect the descendants of c outside `avoid`, then run the least fixpoint on them.
    const seen = new Set<number>([c]);
    const stack = [c];
    const ands: number[] = [];
    while (stack.length) {
      const f = stack.pop() as number;
      for (const a of andsOf(g, f)) {
        spend();
        ands.push(a);
        for (const b of bodyOf(g, a)) {
          if (g.facts.derived[b] && !avoid.has(b) && !seen.has(b)) { seen.add(b); stack.push(b); }
        }
      }
    }
    const proven = new Set<number>();
    let grew = true;
    while (grew && !proven.has(c)) {
      grew = false;
      for (const a of ands) {
        const head = g.andHead[a] as number;
        if (proven.has(head)) continue;
        spend();
        let ok = true;
        for (const b of bodyOf(g, a)) if (g.facts.derived[b] && !proven.has(b)) { ok = false; break; }
        if (ok) { proven.add(head); grew = true; }
      }
    }
    const result = proven.has(c);
    derivMemo.set(key, result);
    return result;
  }

  function visit(o: number, path: Set<number>): void {
    const inner = new Set(path).add(o);
    const innerKey = [...inner].sort((x, y) => x - y).join(',');
    const vkey = `${o}|${innerKey}`;
    if (visitMemo.has(vkey)) return;
    visitMemo.add(vkey);
    for (const a of andsOf(g, o)) {
      spend();
      const body = bodyOf(g, a);
      let ok = true;
      for (const b of body) if (!derivable(b, inner, innerKey)) { ok = false; break; }
      if (!ok) continue;
      keep[a] = 1;
      for (const b of body) if (g.facts.derived[b]) visit(b, inner);
    }
  }

  for (const goal of g.goals) visit(goal, new Set());
  return keep;
}
