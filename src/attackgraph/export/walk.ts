// The node order every export shares: a depth-first walk from each goal (MulVAL's numbering),
// over all rule instances or only the acyclic ones (`pruned`). Without goals, every derived
// fact is a root. Kept in typed arrays: exports of millions of nodes are routine.
import { andsOf, bodyOf, type AndOrGraph } from '../graph.ts';
import { acyclicAnds } from '../analyses/acyclic.ts';
import { IntVec } from '../datalog/intvec.ts';

export const OR = 0, AND = 1, LEAF = 2;
export const KIND_NAMES = ['OR', 'AND', 'LEAF'] as const;

export interface Walk {
  /** Per node (1-based id = index + 1): kind and the fact or AND index it shows. */
  kind: Uint8Array;
  ref: Int32Array;
  count: number;
  /** Arcs as (parent id, child id) pairs, parent = head side. */
  arcs: Int32Array;
}

export function walkGraph(g: AndOrGraph, opts: { pruned?: boolean } = {}): Walk {
  const keep = opts.pruned ? acyclicAnds(g) : undefined;
  const factNo = new Int32Array(g.facts.count);
  const kind = new IntVec(1024);
  const ref = new IntVec(1024);
  const arcs = new IntVec(2048);
  let next = 1;
  const numberFact = (f: number) => {
    factNo[f] = next++;
    kind.push(g.facts.derived[f] ? OR : LEAF);
    ref.push(f);
  };
  const roots = g.goals.length > 0 ? g.goals : Array.from({ length: g.facts.count }, (_, f) => f).filter((f) => g.facts.derived[f]);
  type Frame = { f: number; ands: Int32Array; ai: number; andNo: number; body: Int32Array | null; bi: number };
  for (const goal of roots) {
    if (factNo[goal]) continue;
    numberFact(goal);
    const stack: Frame[] = [{ f: goal, ands: andsOf(g, goal), ai: 0, andNo: 0, body: null, bi: 0 }];
    while (stack.length) {
      const top = stack[stack.length - 1] as Frame;
      if (top.body && top.bi > 0) {
        // Premises in reverse body order, as MulVAL's trace lists them.
        const c = top.body[--top.bi] as number;
        const isNew = !factNo[c];
        if (isNew) numberFact(c);
        arcs.push(top.andNo);
        arcs.push(factNo[c] as number);
        if (isNew && g.facts.derived[c]) stack.push({ f: c, ands: andsOf(g, c), ai: 0, andNo: 0, body: null, bi: 0 });
        continue;
      }
      let a = -1;
      while (top.ai < top.ands.length) {
        const cand = top.ands[top.ai++] as number;
        if (!keep || keep[cand]) { a = cand; break; }
      }
      if (a < 0) { stack.pop(); continue; }
      top.andNo = next++;
      kind.push(AND);
      ref.push(a);
      arcs.push(factNo[top.f] as number);
      arcs.push(top.andNo);
      top.body = bodyOf(g, a);
      top.bi = top.body.length;
    }
  }
  return { kind: Uint8Array.from(kind.toArray()), ref: ref.toArray(), count: next - 1, arcs: arcs.toArray() };
}
