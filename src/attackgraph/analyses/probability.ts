// Probabilities over the AND/OR graph. A leaf is certain except a vulnerability, whose
// likelihood comes from its CVSS exploitability (CVSS-MAPPING.md); a rule instance succeeds
// with its rule's weight times its premises' probabilities; a fact holds unless every rule
// instance deriving it fails (noisy-OR, premises taken as independent). Cycles: iterate from 0
// upwards to the least fixpoint, which counts no derivation that depends on itself.
import { andsOf, bodyOf, type AndOrGraph } from '../graph.ts';
import { cheapestDerivations, derivationTree, type UsedBy } from './derivation.ts';

/** Probability of each primitive fact: vulnerabilities by id, everything else 1. */
export function leafProbabilities(g: AndOrGraph, likelihood: ReadonlyMap<string, number>): Float64Array {
  const p = new Float64Array(g.facts.count).fill(1);
  if (likelihood.size === 0) return p;
  for (let f = 0; f < g.facts.count; f++) {
    if (g.facts.derived[f] || g.facts.pred(f) !== 'vulExists') continue;
    const id = g.facts.args(f)[1];
    const l = id === undefined ? undefined : likelihood.get(id);
    if (l !== undefined) p[f] = l;
  }
  return p;
}

export function factProbabilities(g: AndOrGraph, leafP: Float64Array, opts: { epsilon?: number; maxRounds?: number } = {}): { p: Float64Array; rounds: number } {
  const eps = opts.epsilon ?? 1e-9;
  const maxRounds = opts.maxRounds ?? 500;
  const p = new Float64Array(g.facts.count);
  for (let f = 0; f < g.facts.count; f++) if (!g.facts.derived[f]) p[f] = leafP[f] as number;
  let rounds = 0;
  for (; rounds < maxRounds; rounds++) {
    let change = 0;
    for (let f = 0; f < g.facts.count; f++) {
      if (!g.facts.derived[f]) continue;
      let fail = 1;
      for (const a of andsOf(g, f)) {
        let q = g.rules[g.andRule[a] as number]?.weight ?? 1;
        for (const b of bodyOf(g, a)) q *= p[b] as number;
        fail *= 1 - q;
      }
      const v = 1 - fail;
      change = Math.max(change, Math.abs(v - (p[f] as number)));
      p[f] = v;
    }
    if (change < eps) { rounds++; break; }
  }
  return { p, rounds };
}

/** The single most likely derivation of `goal` (max product), as rule instances goal first. */
export function mostLikelyPath(g: AndOrGraph, goal: number, leafP: Float64Array, used?: UsedBy): { probability: number; steps: number[] } {
  const d = cheapestDerivations(g, {
    andCost: (a) => -Math.log(g.rules[g.andRule[a] as number]?.weight ?? 1),
    leafCost: (f) => -Math.log(leafP[f] as number),
  }, used);
  const c = d.cost[goal] as number;
  return { probability: Number.isFinite(c) ? Math.exp(-c) : 0, steps: Number.isFinite(c) ? derivationTree(g, d, goal) : [] };
}

/** The derivation of `goal` with the fewest rule applications. */
export function shortestPath(g: AndOrGraph, goal: number, used?: UsedBy): { steps: number[]; length: number } {
  const d = cheapestDerivations(g, { andCost: () => 1, leafCost: () => 0 }, used);
  const c = d.cost[goal] as number;
  return Number.isFinite(c) ? { steps: derivationTree(g, d, goal), length: c } : { steps: [], length: Infinity };
}
