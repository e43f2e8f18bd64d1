// Live overlay: alerts from detection (L1 rules, L2 anomalies) that name a host or a user are
// placed on the graph as observed attacker positions; from there, the next steps open to the
// attacker are the rule instances whose premises the attacker already holds, ranked by how
// likely they succeed and how close they bring the attacker to a goal.
import { andsOf, bodyOf, ruleLabel, type AndOrGraph } from '../graph.ts';
import { usedByIndex, type UsedBy } from './derivation.ts';

export interface Alert {
  host?: string;
  user?: string;
  ruleId: string;
  level: number;
  time: number;
}

export interface Position {
  fact: string;
  alerts: Alert[];
}

export interface NextStep {
  step: string;
  gains: string;
  premises: string[];
  probability: number;
  /** Rule applications from the gained fact to the nearest goal (Infinity if none). */
  distanceToGoal: number;
  score: number;
}

export interface OverlayResult {
  positions: Position[];
  /** Alerts that name nothing the graph knows (a host with no derivable access, say). */
  unplaced: Alert[];
  nextSteps: NextStep[];
}

/** Facts that record progress; the others (network reach, log-in services) follow for free. */
const PRIVILEGES = new Set(['execCode', 'principalCompromised', 'accessFile', 'cloudAccess']);

export interface OverlayContext {
  g: AndOrGraph;
  used: UsedBy;
  /** Probability of each fact (from analyses/probability.ts) or of leaves at least. */
  probability?: Float64Array;
  distance: Float64Array;
  factsByPredArg: Map<string, number[]>;
}

/** Precomputes what every overlay call needs; build once per graph, call per alert batch. */
export function overlayContext(g: AndOrGraph, probability?: Float64Array): OverlayContext {
  const used = usedByIndex(g);
  // Distance to goals: breadth-first from the goals down through rule instances to premises.
  const distance = new Float64Array(g.facts.count).fill(Infinity);
  const queue: number[] = [];
  for (const x of g.goals) { distance[x] = 0; queue.push(x); }
  for (let i = 0; i < queue.length; i++) {
    const f = queue[i] as number;
    for (const a of andsOf(g, f)) {
      for (const b of bodyOf(g, a)) {
        if (distance[b] === Infinity) { distance[b] = (distance[f] as number) + 1; queue.push(b); }
      }
    }
  }
  const factsByPredArg = new Map<string, number[]>();
  for (let f = 0; f < g.facts.count; f++) {
    if (!g.facts.derived[f]) continue;
    const pred = g.facts.pred(f);
    if (pred !== 'execCode' && pred !== 'principalCompromised') continue;
    const key = `${pred}|${g.facts.args(f)[0]}`;
    const list = factsByPredArg.get(key);
    if (list) list.push(f);
    else factsByPredArg.set(key, [f]);
  }
  return { g, used, probability, distance, factsByPredArg };
}

export function overlayAlerts(ctx: OverlayContext, alerts: readonly Alert[], limit = 20): OverlayResult {
  const { g, used } = ctx;
  const held = new Map<number, Alert[]>();
  const unplaced: Alert[] = [];
  for (const al of alerts) {
    const facts: number[] = [];
    if (al.host) {
      const onHost = ctx.factsByPredArg.get(`execCode|${al.host}`) ?? [];
      // The alert's user on that host if the graph has it; else every privilege seen there.
      const exact = onHost.filter((f) => g.facts.args(f)[1] === al.user);
      facts.push(...(exact.length ? exact : onHost));
    }
    if (al.user) facts.push(...(ctx.factsByPredArg.get(`principalCompromised|${al.user}`) ?? []));
    if (facts.length === 0) { unplaced.push(al); continue; }
    for (const f of facts) held.set(f, [...(held.get(f) ?? []), al]);
  }
  // Close the held set under steps that gain no new privilege (reach, log-in services).
  const have = new Uint8Array(g.facts.count);
  const queue = [...held.keys()];
  for (const f of queue) have[f] = 1;
  const premisesHeld = (a: number) => {
    for (const b of bodyOf(g, a)) if (g.facts.derived[b] && !have[b]) return false;
    return true;
  };
  for (let i = 0; i < queue.length; i++) {
    const f = queue[i] as number;
    for (let k = used.start[f] as number; k < (used.start[f + 1] as number); k++) {
      const a = used.ands[k] as number;
      const h = g.andHead[a] as number;
      if (have[h] || PRIVILEGES.has(g.facts.pred(h)) || !premisesHeld(a)) continue;
      have[h] = 1;
      queue.push(h);
    }
  }
  const steps: NextStep[] = [];
  const seen = new Set<number>();
  for (const f of queue) {
    for (let k = used.start[f] as number; k < (used.start[f + 1] as number); k++) {
      const a = used.ands[k] as number;
      const h = g.andHead[a] as number;
      if (seen.has(a) || have[h] || !PRIVILEGES.has(g.facts.pred(h)) || !premisesHeld(a)) continue;
      seen.add(a);
      let p = g.rules[g.andRule[a] as number]?.weight ?? 1;
      for (const b of bodyOf(g, a)) if (!g.facts.derived[b] && ctx.probability) p *= ctx.probability[b] as number;
      const dist = ctx.distance[h] as number;
      steps.push({
        step: ruleLabel(g, a),
        gains: g.facts.label(h),
        premises: [...bodyOf(g, a)].map((b) => g.facts.label(b)),
        probability: p,
        distanceToGoal: dist,
        score: p / (1 + (Number.isFinite(dist) ? dist : 100)),
      });
    }
  }
  steps.sort((x, y) => y.score - x.score || x.gains.localeCompare(y.gains));
  return {
    positions: [...held].map(([f, als]) => ({ fact: g.facts.label(f), alerts: als })),
    unplaced,
    nextSteps: steps.slice(0, limit),
  };
}
