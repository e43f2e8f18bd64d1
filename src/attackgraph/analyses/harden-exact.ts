// The exact minimum-cost cut as a 0/1 integer program, solved by HiGHS (WebAssembly). The
// model covers only the goal-relevant part of the AND/OR graph after simplification:
// - a primitive fact no candidate fix removes is constant true, and so is every fact derivable
//   from such facts alone (a goal among them is uncuttable);
// - a rule instance with a premise that is never derivable never fires and is dropped;
// - only derived facts on some derivation of a cuttable goal get a variable.
// Variables: x_j ∈ {0,1} per fix, r_f ∈ [0,1] per remaining derived fact. One row per rule
// instance a deriving f with derived premises P and fixable leaves L:
//   r_f ≥ Σ_{p∈P} r_p + Σ_{l∈L} (1 − x_fix(l)) − (|P|+|L| − 1)
//   i.e. r_f − Σ r_p + Σ x_fix(l) ≥ 1 − |P|
// and r_goal ≤ 0. For fixed x the least feasible r is the least fixpoint (derivability), so
// cycles need no special care: r_goal ≤ 0 holds exactly when no derivation of the goal survives.
import highsModule from 'highs';
import { andsOf, bodyOf, type AndOrGraph } from '../graph.ts';
import { derivable, type UsedBy } from './derivation.ts';

// The package's declarations are CommonJS-flavoured while Node loads its ESM build, so the
// default import is the loader at run time but the module object to the type checker.
type Loader = typeof highsModule.default;
const loadHighs = (typeof highsModule === 'function' ? highsModule : highsModule.default) as Loader;
type Highs = Awaited<ReturnType<Loader>>;

// The WebAssembly module takes ~200 ms to instantiate. Loading it when the module is imported
// made every CLI command pay that, so it is loaded on the first hardening and then kept.
let highs: Highs | undefined;
let loading: Promise<Highs> | undefined;

/** Loads the solver once; `solveCut` needs it loaded. */
export async function loadSolver(): Promise<void> {
  loading ??= loadHighs();
  highs = await loading;
}

function solver(): Highs {
  if (!highs) throw new Error('HiGHS is not loaded: await loadSolver() before solveCut()');
  return highs;
}

export interface ExactOptions {
  /** Above this many rows the integer program is not attempted (only its LP relaxation). */
  maxRows?: number;
  /** Above this many rows not even the LP relaxation is solved. */
  maxLpRows?: number;
  /** Seconds HiGHS may spend on the integer program. */
  timeLimit?: number;
}

export const EXACT_DEFAULTS = { maxRows: 50_000, maxLpRows: 300_000, timeLimit: 4 } as const;

type ModelData = {
  numCols: number; numRows: number;
  colCost: Float64Array; colLower: Float64Array; colUpper: Float64Array;
  rowLower: Float64Array; rowUpper: Float64Array;
  matrix: { format: 'csr'; numRows: number; numCols: number; starts: Int32Array; indices: Int32Array; values: Float64Array };
};

export interface CutModel {
  /** Goals derivable from facts no fix removes: no cut exists. */
  uncuttable: number[];
  /** Goals that must be cut (derivable now and not uncuttable). */
  targets: number[];
  /** Fix index per x column (the fixes that matter to the targets). */
  fixCol: number[];
  rows: number;
  cols: number;
  /** The solver's input, built on first use (sizing a large model must stay cheap). */
  data(): ModelData;
}

/** Sizes the reduced model; `costOf(fix)` gives each fix's cost. */
export function cutModel(g: AndOrGraph, goals: readonly number[], fixOfLeaf: Int32Array, costOf: (fix: number) => number, used: UsedBy): CutModel {
  const n = g.facts.count;
  const derived = g.facts.derived;
  const now = derivable(g, new Uint8Array(n), used);
  const allFixed = new Uint8Array(n);
  for (let f = 0; f < n; f++) if (!derived[f] && (fixOfLeaf[f] as number) >= 0) allFixed[f] = 1;
  const constant = derivable(g, allFixed, used);
  const uncuttable: number[] = [];
  const targets: number[] = [];
  for (const x of goals) {
    if (!now[x]) continue;
    if (constant[x]) uncuttable.push(x); else targets.push(x);
  }
  // Relevant derived facts: backwards from the targets over live rule instances.
  const factCol = new Int32Array(n).fill(-1);
  const fixColOf = new Map<number, number>();
  const fixCol: number[] = [];
  const order: number[] = [];
  for (const x of targets) if (factCol[x] === -1) { factCol[x] = order.length; order.push(x); }
  const liveAnds: number[] = [];
  let nnz = 0;
  for (let i = 0; i < order.length; i++) {
    const f = order[i] as number;
    for (const a of andsOf(g, f)) {
      const body = bodyOf(g, a);
      let live = true;
      for (const p of body) if (!now[p]) { live = false; break; }
      if (!live) continue;
      liveAnds.push(a);
      nnz += body.length + 1;
      for (const p of body) {
        if (constant[p]) continue;
        if (derived[p]) {
          if (factCol[p] === -1) { factCol[p] = order.length; order.push(p); }
        } else {
          const fx = fixOfLeaf[p] as number;
          if (!fixColOf.has(fx)) { fixColOf.set(fx, fixCol.length); fixCol.push(fx); }
        }
      }
    }
  }
  const nx = fixCol.length;
  const cols = nx + order.length;
  const rows = liveAnds.length;
  let built: ModelData | undefined;
  // Columns: fixes first, then facts. Repeated premises add up in one coefficient.
  const data = (): ModelData => {
    if (built) return built;
    const colCost = new Float64Array(cols);
    const colLower = new Float64Array(cols);
    const colUpper = new Float64Array(cols).fill(1);
    for (let j = 0; j < nx; j++) colCost[j] = costOf(fixCol[j] as number);
    for (const x of targets) colUpper[nx + (factCol[x] as number)] = 0;
    const rowLower = new Float64Array(rows);
    const rowUpper = new Float64Array(rows).fill(Infinity);
    const starts = new Int32Array(rows + 1);
    const indices = new Int32Array(nnz);
    const values = new Float64Array(nnz);
    const pos = new Int32Array(cols).fill(-1);
    let k = 0;
    for (let r = 0; r < rows; r++) {
      const a = liveAnds[r] as number;
      const rowStart = k;
      const add = (c: number, v: number) => {
        const at = pos[c] as number;
        // pos may point past a compacted earlier row: trust it only when it names c in this row.
        if (at >= rowStart && at < k && indices[at] === c) values[at]! += v;
        else { pos[c] = k; indices[k] = c; values[k++] = v; }
      };
      add(nx + (factCol[g.andHead[a] as number] as number), 1);
      let premises = 0;
      for (const p of bodyOf(g, a)) {
        if (constant[p]) continue;
        if (derived[p]) { premises++; add(nx + (factCol[p] as number), -1); } else add(fixColOf.get(fixOfLeaf[p] as number) as number, 1);
      }
      rowLower[r] = 1 - premises;
      // A rule instance using its own head as a premise cancels to 0: drop that entry.
      let w = rowStart;
      for (let i = rowStart; i < k; i++) if (values[i] !== 0) { indices[w] = indices[i] as number; values[w++] = values[i] as number; }
      k = w;
      starts[r + 1] = k;
    }
    built = { numCols: cols, numRows: rows, colCost, colLower, colUpper, rowLower, rowUpper, matrix: { format: 'csr', numRows: rows, numCols: cols, starts, indices: indices.subarray(0, k), values: values.subarray(0, k) } };
    return built;
  };
  return { uncuttable, targets, fixCol, rows, cols, data };
}

export interface ExactSolution {
  /** Chosen fixes (indices into the candidate list); absent when no feasible cut was found. */
  fixes?: number[];
  optimal: boolean;
  /** Proven lower bound on the cheapest cut (MIP dual bound or LP relaxation). */
  lowerBound: number;
  status: string;
}

const statusName = (code: number) => Object.entries(solver().constants.modelStatus).find(([, v]) => v === code)?.[0] ?? String(code);

/** Solves the integer program (or, with `relaxOnly`, its LP relaxation for a bound only). */
export function solveCut(m: CutModel, opts: { timeLimit: number; relaxOnly?: boolean }): ExactSolution {
  if (m.targets.length === 0) return { fixes: [], optimal: true, lowerBound: 0, status: 'nothing to cut' };
  const highs = solver();
  const STATUS = highs.constants.modelStatus;
  const model = highs.createModel();
  try {
    model.options.set({ output_flag: false, time_limit: opts.timeLimit, mip_rel_gap: 1e-9 });
    const integrality = new Int32Array(m.cols);
    if (!opts.relaxOnly) integrality.fill(highs.constants.variableType.integer, 0, m.fixCol.length);
    model.passModel({ ...m.data(), integrality });
    const { modelStatus } = model.run();
    const status = statusName(modelStatus);
    if (opts.relaxOnly) {
      return { optimal: false, lowerBound: modelStatus === STATUS.optimal ? model.getObjectiveValue() : 0, status };
    }
    // Infeasible cannot happen (removing every fix cuts every target); should it, the caller
    // falls back to the greedy cut and the note carries the status rather than the engine failing.
    if (modelStatus === STATUS.infeasible) return { optimal: false, lowerBound: 0, status: 'infeasible (model error)' };
    const bound = Number(model.info.get('mip_dual_bound'));
    const sol = model.info.get('primal_solution_status');
    const lowerBound = Number.isFinite(bound) ? Math.max(0, bound) : 0;
    if (Number(sol) !== 2) return { optimal: false, lowerBound, status };
    const x = model.getSolution().colValue;
    const fixes: number[] = [];
    for (let j = 0; j < m.fixCol.length; j++) if ((x[j] as number) > 0.5) fixes.push(m.fixCol[j] as number);
    const optimal = modelStatus === STATUS.optimal;
    return { fixes, optimal, lowerBound: optimal ? model.getObjectiveValue() : lowerBound, status };
  } finally {
    model.dispose();
  }
}
