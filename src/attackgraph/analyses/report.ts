// The `analyze` report: what is reachable, which of it breaks the policy, and for each goal
// the shortest and the most likely attack with its probability.
import { ruleLabel, bodyOf, type AndOrGraph } from '../graph.ts';
import type { BuiltGraph } from '../build.ts';
import { reachability, type Reachability } from './reachability.ts';
import { policyViolations } from './policy.ts';
import { factProbabilities, leafProbabilities, mostLikelyPath, shortestPath } from './probability.ts';
import { usedByIndex } from './derivation.ts';

export interface PathStep {
  rule: string;
  gains: string;
  premises: string[];
}

export interface GoalReport {
  goal: string;
  probability: number;
  shortest: PathStep[];
  mostLikely: { probability: number; steps: PathStep[] };
}

export interface AnalysisReport {
  reachable: Reachability;
  violations: { fact: string; access: string; resource: string }[];
  goals: GoalReport[];
}

export function describeSteps(g: AndOrGraph, steps: readonly number[]): PathStep[] {
  return steps.map((a) => ({ rule: ruleLabel(g, a), gains: g.facts.label(g.andHead[a] as number), premises: [...bodyOf(g, a)].map((b) => g.facts.label(b)) }));
}

export function analyzeGraph(built: BuiltGraph): AnalysisReport {
  const g = built.graph;
  const used = usedByIndex(g);
  const leafP = leafProbabilities(g, built.likelihood);
  const { p } = factProbabilities(g, leafP);
  return {
    reachable: reachability(g),
    violations: policyViolations(g, built.policy).map(({ label, access, resource }) => ({ fact: label, access, resource })),
    goals: g.goals.map((goal) => {
      const likely = mostLikelyPath(g, goal, leafP, used);
      return {
        goal: g.facts.label(goal),
        probability: p[goal] as number,
        shortest: describeSteps(g, shortestPath(g, goal, used).steps),
        mostLikely: { probability: likely.probability, steps: describeSteps(g, likely.steps) },
      };
    }),
  };
}
