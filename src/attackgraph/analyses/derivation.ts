// Cheapest derivations over the AND/OR graph (Knuth's generalisation of Dijkstra to
// "superior" functions): an OR fact costs its cheapest rule instance, a rule instance costs its
// own cost plus the sum of its premises. Cycles are harmless: a fact is settled once, at its
// least cost, before anything that uses it. With cost = 1 per step this gives the shortest
// attack; with cost = -log(probability) the most likely one.
import { bodyOf, type AndOrGraph } from '../graph.ts';

export interface UsedBy {
  start: Int32Array;
  ands: Int32Array;
}

/** For each fact, the rule instances that use it as a premise. */
export function usedByIndex(g: AndOrGraph): UsedBy {
  const n = g.facts.count;
  const start = new Int32Array(n + 1);
  for (let i = 0; i < g.andBody.length; i++) start[(g.andBody[i] as number) + 1]!++;
  for (let f = 0; f < n; f++) start[f + 1]! += start[f]!;
  const fill = start.slice(0, n);
  const ands = new Int32Array(g.andBody.length);
  for (let a = 0; a < g.andCount; a++) {
    for (let i = g.andBodyStart[a] as number; i < (g.andBodyStart[a + 1] as number); i++) ands[fill[g.andBody[i] as number]!++] = a;
  }
  return { start, ands };
}

export interface Derivation {
  /** Cost per fact (Infinity when underivable given `removed`). */
  cost: Float64Array;
  /** The rule instance chosen for each derived fact, -1 if none. */
  best: Int32Array;
}

/** Binary min-heap of (cost, fact) pairs; stale entries are skipped on pop. */
class Heap {
  private c: number[] = [];
  private f: number[] = [];
  get size(): number { return this.c.length; }
  push(cost: number, fact: number): void {
    const c = this.c, f = this.f;
    let i = c.length;
    c.push(cost); f.push(fact);
    while (i > 0) {
      const p = (i - 1) >> 1;
      if ((c[p] as number) <= cost) break;
      c[i] = c[p] as number; f[i] = f[p] as number;
      i = p;
    }
    c[i] = cost; f[i] = fact;
  }
  pop(): [number, number] {
    const c = this.c, f = this.f;
    const top: [number, number] = [c[0] as number, f[0] as number];
    const lc = c.pop() as number, lf = f.pop() as number;
    if (c.length > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= c.length) break;
        const r = l + 1;
        const m = r < c.length && (c[r] as number) < (c[l] as number) ? r : l;
        if ((c[m] as number) >= lc) break;
        c[i] = c[m] as number; f[i] = f[m] as number;
        i = m;
      }
      c[i] = lc; f[i] = lf;
    }
    return top;
  }
}

export interface CostModel {
  /** Cost of applying rule instance `a` (>= 0). */
  andCost(a: number): number;
  /** Cost of a primitive fact (>= 0); Infinity removes it (a fix applied). */
  leafCost(f: number): number;
}

export function cheapestDerivations(g: AndOrGraph, model: CostModel, used: UsedBy = usedByIndex(g)): Derivation {
  const n = g.facts.count;
  const cost = new Float64Array(n).fill(Infinity);
  const best = new Int32Array(n).fill(-1);
  const settled = new Uint8Array(n);
  // Premises still unsettled per rule instance, and their running cost.
  const waiting = new Int32Array(g.andCount);
  const partial = new Float64Array(g.andCount);
  const heap = new Heap();
  const offer = (a: number) => {
    const c = partial[a] as number;
    if (c === Infinity) return;
    const h = g.andHead[a] as number;
    if (c < (cost[h] as number)) { cost[h] = c; best[h] = a; heap.push(c, h); }
  };
  for (let a = 0; a < g.andCount; a++) partial[a] = model.andCost(a);
  const settle = (f: number, c: number) => {
    settled[f] = 1;
    cost[f] = c;
    for (let i = used.start[f] as number; i < (used.start[f + 1] as number); i++) {
      const a = used.ands[i] as number;
      partial[a] = (partial[a] as number) + c;
      if (--waiting[a]! === 0) offer(a);
    }
  };
  for (let a = 0; a < g.andCount; a++) waiting[a] = (g.andBodyStart[a + 1] as number) - (g.andBodyStart[a] as number);
  for (let f = 0; f < n; f++) if (!g.facts.derived[f]) { const c = model.leafCost(f); if (c < Infinity) settle(f, c); }
  for (let a = 0; a < g.andCount; a++) if (waiting[a] === 0) offer(a);
  while (heap.size) {
    const [c, f] = heap.pop();
    if (settled[f] || c > (cost[f] as number)) continue;
    settle(f, c);
  }
  for (let f = 0; f < n; f++) if (!settled[f]) { cost[f] = Infinity; if (g.facts.derived[f]) best[f] = -1; }
  return { cost, best };
}

/**
 * The rule instances of the chosen derivation of `goal` in attack order: every step after the
 * steps that gain its premises, the goal's step last; a shared sub-derivation appears once.
 */
export function derivationTree(g: AndOrGraph, d: Derivation, goal: number): number[] {
  const out: number[] = [];
  const seen = new Set<number>();
  const stack: { f: number; open: boolean }[] = [{ f: goal, open: false }];
  while (stack.length) {
    const top = stack.pop() as { f: number; open: boolean };
    const a = d.best[top.f] as number;
    if (top.open) { out.push(a); continue; }
    if (seen.has(top.f) || a < 0) continue;
    seen.add(top.f);
    stack.push({ f: top.f, open: true });
    for (const b of bodyOf(g, a)) if (g.facts.derived[b] && !seen.has(b)) stack.push({ f: b, open: false });
  }
  return out;
}

/** Fixpoint of derivability with some primitive facts removed (a linear-time propagation). */
export function derivable(g: AndOrGraph, removed: Uint8Array, used: UsedBy = usedByIndex(g)): Uint8Array {
  const ok = new Uint8Array(g.facts.count);
  const waiting = new Int32Array(g.andCount);
  const queue = new Int32Array(g.facts.count);
  let qn = 0;
  const start = g.andBodyStart;
  const derived = g.facts.derived;
  const head = g.andHead;
  const uStart = used.start;
  const uAnds = used.ands;
  for (let a = 0; a < g.andCount; a++) {
    const w = (start[a + 1] as number) - (start[a] as number);
    waiting[a] = w;
    if (w === 0) { const h = head[a] as number; if (!ok[h]) { ok[h] = 1; queue[qn++] = h; } }
  }
  for (let f = 0; f < g.facts.count; f++) if (!derived[f] && !removed[f] && !ok[f]) { ok[f] = 1; queue[qn++] = f; }
  while (qn > 0) {
    const f = queue[--qn] as number;
    for (let i = uStart[f] as number; i < (uStart[f + 1] as number); i++) {
      const a = uAnds[i] as number;
      if (--waiting[a]! === 0) {
        const h = head[a] as number;
        if (!ok[h]) { ok[h] = 1; queue[qn++] = h; }
      }
    }
  }
  return ok;
}
