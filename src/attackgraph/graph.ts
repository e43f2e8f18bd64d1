// The AND/OR attack graph both evaluators produce: fact nodes (OR when derived, LEAF when
// primitive) and rule-instance nodes (AND). Kept in flat typed arrays because the scale target
// (50,000 hosts) means tens of millions of nodes; labels are computed on demand from the
// evaluator's own fact store instead of being held as strings.

export interface RuleInfo {
  /** Stable id from the rule file (layering key), e.g. `remote_exploit_server`. */
  readonly id: string;
  /** Position in the effective rule list: the `n` of MulVAL's `RULE n (desc)` labels. */
  readonly index: number;
  readonly desc: string;
  /** Likelihood that the step succeeds when its preconditions hold (0..1). */
  readonly weight: number;
}

export interface FactStore {
  readonly count: number;
  label(f: number): string;
  pred(f: number): string;
  /** Argument texts (constants as written; variables as A, B, ...). */
  args(f: number): readonly string[];
  /** 1 for a derived fact (OR node), 0 for a primitive one (LEAF). */
  readonly derived: Uint8Array;
}

export interface AndOrGraph {
  readonly facts: FactStore;
  readonly andCount: number;
  /** Index into `rules` for each AND node. */
  readonly andRule: Int32Array;
  readonly andHead: Int32Array;
  /** AND node a has body facts andBody[andBodyStart[a] .. andBodyStart[a+1]). */
  readonly andBodyStart: Int32Array;
  readonly andBody: Int32Array;
  /** Rule instances deriving fact f: factAnds[factAndStart[f] .. factAndStart[f+1]). */
  readonly factAndStart: Int32Array;
  readonly factAnds: Int32Array;
  readonly rules: readonly RuleInfo[];
  /** Goal facts (the roots MulVAL explains), in the order they were found. */
  readonly goals: readonly number[];
}

export interface GraphParts {
  facts: FactStore;
  andCount: number;
  andRule: Int32Array;
  andHead: Int32Array;
  andBodyStart: Int32Array;
  andBody: Int32Array;
  rules: readonly RuleInfo[];
  goals: readonly number[];
}

/** Adds the per-fact index of deriving rule instances (kept in creation order). */
export function buildGraph(p: GraphParts): AndOrGraph {
  const n = p.facts.count;
  const start = new Int32Array(n + 1);
  for (let a = 0; a < p.andCount; a++) start[(p.andHead[a] as number) + 1]!++;
  for (let f = 0; f < n; f++) start[f + 1]! += start[f]!;
  const fill = start.slice(0, n);
  const ands = new Int32Array(p.andCount);
  for (let a = 0; a < p.andCount; a++) ands[fill[p.andHead[a] as number]!++] = a;
  return { ...p, factAndStart: start, factAnds: ands };
}

/** The label MulVAL gives an AND node. */
export function ruleLabel(g: AndOrGraph, a: number): string {
  const r = g.rules[g.andRule[a] as number];
  return r ? `RULE ${r.index} (${r.desc})` : 'RULE ?';
}

export function andsOf(g: AndOrGraph, f: number): Int32Array {
  return g.factAnds.subarray(g.factAndStart[f], g.factAndStart[f + 1]);
}

export function bodyOf(g: AndOrGraph, a: number): Int32Array {
  return g.andBody.subarray(g.andBodyStart[a], g.andBodyStart[a + 1]);
}

/** Finds a fact by its label (linear; for CLI goals and tests, not hot paths). */
export function findFact(g: AndOrGraph, label: string): number {
  for (let f = 0; f < g.facts.count; f++) if (g.facts.label(f) === label) return f;
  return -1;
}
