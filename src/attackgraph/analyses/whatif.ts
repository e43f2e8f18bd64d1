// What-if: compare the model before and after a change (fixes applied, facts added) by the
// derived facts each one has; both graphs come from full re-evaluations by the caller.
import type { AndOrGraph } from '../graph.ts';

export interface GraphDiff {
  lost: string[];
  gained: string[];
  goalsBefore: string[];
  goalsAfter: string[];
  andsBefore: number;
  andsAfter: number;
}

function derivedLabels(g: AndOrGraph): Set<string> {
  const s = new Set<string>();
  for (let f = 0; f < g.facts.count; f++) if (g.facts.derived[f]) s.add(g.facts.label(f));
  return s;
}

export function diffGraphs(before: AndOrGraph, after: AndOrGraph): GraphDiff {
  const b = derivedLabels(before);
  const a = derivedLabels(after);
  return {
    lost: [...b].filter((x) => !a.has(x)).sort(),
    gained: [...a].filter((x) => !b.has(x)).sort(),
    goalsBefore: before.goals.map((f) => before.facts.label(f)),
    goalsAfter: after.goals.map((f) => after.facts.label(f)),
    andsBefore: before.andCount,
    andsAfter: after.andCount,
  };
}
