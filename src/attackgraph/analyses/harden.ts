// Hardening advice: the cheapest set of fixes (patch a vulnerability on a host, close a port
// between two zones, disable a service, remove an account, tighten a file or NFS export) whose
// primitive facts, once removed, leave no derivation of any goal. The minimum is NP-hard; we
// solve it exactly as a 0/1 integer program (harden-exact.ts, HiGHS) when the reduced model is
// small enough, and otherwise (or when the solver runs out of time) fall back to a greedy cut on
// the current cheapest attack, most cut per unit of cost first, then drop every fix the others
// make redundant — stating the proven lower bound so the gap is known. Every answer is checked
// here by derivability and proved by the caller re-evaluating the model without the fixed facts.
import { bodyOf, type AndOrGraph } from '../graph.ts';
import { cheapestDerivations, derivable, derivationTree, usedByIndex, type Derivation, type UsedBy } from './derivation.ts';
import { cutModel, EXACT_DEFAULTS, loadSolver, solveCut, type CutModel, type ExactOptions } from './harden-exact.ts';

export type FixKind = 'patch' | 'firewall' | 'service' | 'account' | 'file' | 'nfs';

export interface Fix {
  id: string;
  kind: FixKind;
  description: string;
  cost: number;
  /** Primitive facts of the graph the fix removes. */
  leaves: number[];
  /** Input facts (labels) to drop when re-evaluating with the fix applied. */
  removeFacts: string[];
}

export const DEFAULT_COSTS: Record<FixKind, number> = { patch: 1, firewall: 2, service: 3, account: 2, file: 1, nfs: 1 };

export interface HardenOptions {
  costs?: Partial<Record<FixKind, number>>;
  /** Zone of a host (its subnet); firewall fixes close a port between zones. */
  zoneOf?: (host: string) => string;
  maxFixes?: number;
  /** How many candidate fixes of each kind are measured exactly per round (greedy). */
  probe?: number;
  /** Limits of the exact solver; `false` skips it (greedy only). */
  exact?: ExactOptions | false;
}

/** Every fix that removes at least one primitive fact the graph uses. */
export function candidateFixes(g: AndOrGraph, opts: HardenOptions = {}): { fixes: Fix[]; fixOfLeaf: Int32Array } {
  const costs = { ...DEFAULT_COSTS, ...opts.costs };
  const zoneOf = opts.zoneOf ?? ((h: string) => h);
  const used = new Uint8Array(g.facts.count);
  for (let i = 0; i < g.andBody.length; i++) used[g.andBody[i] as number] = 1;
  const byId = new Map<string, number>();
  const fixOfLeaf = new Int32Array(g.facts.count).fill(-1);
  const fixes: Fix[] = [];
  // Input-fact labels are built only for the fixes finally advised (see `inputFact`): building
  // one per leaf would cost seconds on estates with millions of hacl facts.
  const add = (f: number, id: string, kind: FixKind, description: string) => {
    let at = byId.get(id);
    if (at === undefined) {
      at = fixes.length;
      byId.set(id, at);
      fixes.push({ id, kind, description, cost: costs[kind], leaves: [], removeFacts: [] });
    }
    const fix = fixes[at] as Fix;
    fix.leaves.push(f);
    fixOfLeaf[f] = at;
  };
  for (let f = 0; f < g.facts.count; f++) {
    if (g.facts.derived[f] || !used[f]) continue;
    const pred = g.facts.pred(f);
    const a = g.facts.args(f);
    if (pred === 'vulExists' && a.length >= 3) {
      // The graph shows the joined 5-ary fact; the input fact is the scanner's 3-ary finding.
      add(f, `patch|${a[0]}|${a[1]}`, 'patch', `patch ${a[1]} (${a[2]}) on ${a[0]}`);
    } else if (pred === 'hacl') {
      const [src = '', dst = '', proto = '', port = ''] = a;
      const zs = zoneOf(src), zd = zoneOf(dst);
      add(f, `fw|${zs}|${zd}|${proto}|${port}`, 'firewall', `close ${proto}/${port} from ${zs} to ${zd}`);
    } else if (pred === 'networkServiceInfo') {
      add(f, `svc|${a[0]}|${a[1]}|${a[3]}`, 'service', `disable ${a[1]} on ${a[0]} port ${a[3]}`);
    } else if (pred === 'hasAccount') {
      add(f, `acct|${a[0]}|${a[1]}`, 'account', `remove account ${a[2]} of ${a[0]} on ${a[1]}`);
    } else if (pred === 'localFileProtection' || pred === 'canAccessFile') {
      add(f, `file|${g.facts.label(f)}`, 'file', `restrict ${a[2]} access to ${a[3]} on ${a[0]} for ${a[1]}`);
    } else if (pred === 'nfsExportInfo') {
      add(f, `nfs|${g.facts.label(f)}`, 'nfs', `stop exporting ${a[1]} from ${a[0]} to ${a[3]} (${a[2]})`);
    }
  }
  return { fixes, fixOfLeaf };
}

/** The input fact a graph leaf stands for (the scanner's 3-ary finding for a joined vulExists). */
export function inputFact(g: AndOrGraph, leaf: number): string {
  const a = g.facts.args(leaf);
  if (g.facts.pred(leaf) === 'vulExists' && a.length === 5) return `vulExists(${a.slice(0, 3).map(q).join(',')})`;
  return g.facts.label(leaf);
}

function q(s: string): string {
  return /^[a-z][a-zA-Z0-9_]*$/.test(s) || /^-?\d+(\.\d+)?$/.test(s) ? s : `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

export interface HardenResult {
  fixes: Fix[];
  totalCost: number;
  /** Goals that no fix can cut (derived from unfixable facts alone). */
  uncuttable: string[];
  iterations: number;
  /** True when `totalCost` is proven minimal. */
  optimal: boolean;
  /** Proven lower bound on the cheapest cut; equals `totalCost` when optimal. */
  lowerBound: number;
  /** Which method produced the fixes (`single-fix`: one fix found by the bound search); `note` says why when not exact. */
  method: 'exact' | 'greedy' | 'single-fix';
  note: string;
  /** Size of the reduced integer program (rows = live rule instances). */
  model: { rows: number; cols: number };
}

/** Exact when the reduced model allows it, else greedy with a stated lower bound. */
export async function harden(g: AndOrGraph, goals: readonly number[], opts: HardenOptions = {}): Promise<HardenResult> {
  if (opts.exact !== false) await loadSolver();
  const used = usedByIndex(g);
  const cands = candidateFixes(g, opts);
  const { fixes, fixOfLeaf } = cands;
  const lim = { ...EXACT_DEFAULTS, ...(opts.exact || {}) };
  const m = cutModel(g, goals, fixOfLeaf, (fx) => (fixes[fx] as Fix).cost, used);
  const model = { rows: m.rows, cols: m.cols };
  let lowerBound = 0;
  let note: string;
  let best: { fixes: Fix[]; cost: number; method: HardenResult['method'] } | undefined;
  if (opts.exact === false) note = 'exact solver disabled';
  else if (m.rows > lim.maxRows) {
    note = `model too large for the exact solver (${m.rows} rows > ${lim.maxRows})`;
    if (m.rows <= lim.maxLpRows) lowerBound = solveCut(m, { timeLimit: lim.timeLimit, relaxOnly: true }).lowerBound;
    else note += ', bound from single-fix search only';
  } else {
    const sol = solveCut(m, { timeLimit: lim.timeLimit });
    lowerBound = sol.lowerBound;
    const chosen = (sol.fixes ?? []).map((fx) => fixes[fx] as Fix);
    if (sol.fixes && cuts(g, m.targets, chosen, used)) {
      const cost = chosen.reduce((s, f) => s + f.cost, 0);
      if (sol.optimal) {
        const uncuttable = m.uncuttable.map((x) => g.facts.label(x));
        return finish(g, { fixes: chosen, totalCost: cost, uncuttable, iterations: 1, optimal: true, lowerBound: cost, method: 'exact', note: 'proven minimal by HiGHS', model });
      }
      best = { fixes: chosen, cost, method: 'exact' };
      note = `solver stopped (${sol.status}) with a cut`;
    } else note = sol.fixes ? `exact solver's cut failed verification (${sol.status})` : `exact solver stopped (${sol.status}) before finding a cut`;
  }
  const d0 = cheapestDerivations(g, { andCost: () => 1, leafCost: () => 0 }, used);
  const greedy = hardenGreedy(g, goals, opts, used, cands, d0);
  if (!best || greedy.totalCost < best.cost) best = { fixes: greedy.fixes, cost: greedy.totalCost, method: 'greedy' };
  const small = smallCutBound(g, m, fixes, fixOfLeaf, used, best.cost, d0);
  if (small.single !== undefined) {
    const fix = fixes[small.single] as Fix;
    best = { fixes: [fix], cost: fix.cost, method: 'single-fix' };
  }
  lowerBound = Math.min(Math.max(lowerBound, small.lowerBound), best.cost);
  return finish(g, { fixes: best.fixes, totalCost: best.cost, uncuttable: greedy.uncuttable, iterations: greedy.iterations, optimal: best.cost <= lowerBound + 1e-9, lowerBound, method: best.method, note, model });
}

/**
 * A lower bound without the solver. A cut cheaper than `upper` is either one fix — which must
 * remove a leaf of the cheapest derivation of every target, so only the few fixes common to
 * those trees are tried (cheapest first) — or at least two fixes, costing at least the two
 * cheapest together. Returns the single fix when one cuts for less than both.
 */
function smallCutBound(g: AndOrGraph, m: CutModel, fixes: readonly Fix[], fixOfLeaf: Int32Array, used: UsedBy, upper: number, d: Derivation): { lowerBound: number; single?: number } {
  if (m.targets.length === 0) return { lowerBound: 0 };
  const costs = m.fixCol.map((fx) => (fixes[fx] as Fix).cost).sort((x, y) => x - y);
  const pair = costs.length >= 2 ? (costs[0] as number) + (costs[1] as number) : Infinity;
  let common: Set<number> | undefined;
  for (const t of m.targets) {
    const touch = new Set<number>();
    for (const a of derivationTree(g, d, t)) {
      for (const b of bodyOf(g, a)) {
        const fx = fixOfLeaf[b] as number;
        if (fx >= 0 && (!common || common.has(fx))) touch.add(fx);
      }
    }
    common = touch;
  }
  const limit = Math.min(upper, pair);
  for (const fx of [...(common ?? [])].sort((x, y) => (fixes[x] as Fix).cost - (fixes[y] as Fix).cost)) {
    const fix = fixes[fx] as Fix;
    if (fix.cost >= limit) break;
    if (cuts(g, m.targets, [fix], used)) return { lowerBound: fix.cost, single: fx };
  }
  return { lowerBound: limit };
}

/** True when removing the fixes' leaves leaves none of `targets` derivable. */
function cuts(g: AndOrGraph, targets: readonly number[], chosen: readonly Fix[], used: UsedBy): boolean {
  const removed = new Uint8Array(g.facts.count);
  for (const f of chosen) for (const leaf of f.leaves) removed[leaf] = 1;
  const ok = derivable(g, removed, used);
  return targets.every((x) => !ok[x]);
}

function finish(g: AndOrGraph, r: HardenResult): HardenResult {
  for (const fix of r.fixes) fix.removeFacts = fix.leaves.map((leaf) => inputFact(g, leaf));
  return r;
}

export type GreedyResult = Pick<HardenResult, 'fixes' | 'totalCost' | 'uncuttable' | 'iterations'>;

/** The greedy cut alone (the fallback; exported so tests can compare it with the exact one). */
export function hardenGreedy(g: AndOrGraph, goals: readonly number[], opts: HardenOptions = {}, used: UsedBy = usedByIndex(g), cands = candidateFixes(g, opts), first?: Derivation): GreedyResult {
  const { fixes, fixOfLeaf } = cands;
  const removed = new Uint8Array(g.facts.count);
  const chosen: number[] = [];
  const uncuttable = new Set<number>();
  const maxFixes = opts.maxFixes ?? 10_000;
  let iterations = 0;
  for (;;) {
    iterations++;
    // Nothing is removed in the first round, so a caller's plain cheapest derivation serves.
    const d = iterations === 1 && first ? first : cheapestDerivations(g, { andCost: () => 1, leafCost: (f) => (removed[f] ? Infinity : 0) }, used);

    let goal = -1;
    for (const x of goals) {
      if (uncuttable.has(x) || !Number.isFinite(d.cost[x] as number)) continue;
      if (goal < 0 || (d.cost[x] as number) < (d.cost[goal] as number)) goal = x;
    }
    if (goal < 0) break;
    // Fixes touching the cheapest attack on this goal; rate each by how many live rule
    // instances it breaks per unit of cost, preferring cuts close to the attacker's start.
    const tried = new Map<number, { live: number; earliest: number }>();
    for (const a of derivationTree(g, d, goal)) {
      for (const b of bodyOf(g, a)) {
        const fx = fixOfLeaf[b] as number;
        if (fx < 0 || removed[b] || tried.has(fx)) continue;
        let live = 0;
        let earliest = Infinity;
        for (const leaf of (fixes[fx] as Fix).leaves) {
          if (removed[leaf]) continue;
          for (let i = used.start[leaf] as number; i < (used.start[leaf + 1] as number); i++) {
            const use = used.ands[i] as number;
            const h = g.andHead[use] as number;
            if (Number.isFinite(d.cost[h] as number)) { live++; earliest = Math.min(earliest, d.cost[h] as number); }
          }
        }
        tried.set(fx, { live, earliest });
      }
    }
    // Measure the few most promising fixes exactly: the earliest few of each kind, each
    // applied alone on top of the fixes chosen so far; keep the most derived facts (goals
    // first) removed per unit of cost.
    const perKind = new Map<FixKind, [number, number][]>();
    for (const [fx, { earliest }] of tried) {
      const kind = (fixes[fx] as Fix).kind;
      perKind.set(kind, [...(perKind.get(kind) ?? []), [fx, earliest]]);
    }
    const shortlist = [...perKind.values()].flatMap((l) => l.sort((x, y) => x[1] - y[1]).slice(0, opts.probe ?? 3).map(([fx]) => fx));
    let pick = -1;
    let bestScore = -1;
    const before = derivable(g, removed, used);
    let liveBefore = 0;
    for (let f = 0; f < g.facts.count; f++) if (before[f] && g.facts.derived[f]) liveBefore++;
    for (const fx of shortlist) {
      const fix = fixes[fx] as Fix;
      for (const leaf of fix.leaves) removed[leaf] = (removed[leaf] as number) | 2;
      const after = derivable(g, removed, used);
      for (const leaf of fix.leaves) removed[leaf] = (removed[leaf] as number) & 1;
      let live = 0;
      let goalsLeft = 0;
      for (let f = 0; f < g.facts.count; f++) if (after[f] && g.facts.derived[f]) live++;
      for (const x of goals) if (after[x]) goalsLeft++;
      const score = (((goals.length - goalsLeft) * g.facts.count) + (liveBefore - live)) / fix.cost;
      if (score > bestScore) { bestScore = score; pick = fx; }
    }
    if (pick < 0) { uncuttable.add(goal); continue; }
    chosen.push(pick);
    for (const leaf of (fixes[pick] as Fix).leaves) removed[leaf] = 1;
    if (chosen.length > maxFixes) throw new Error(`hardening needs more than ${maxFixes} fixes`);
  }
  // Drop fixes the others make redundant, most expensive first.
  const order = [...chosen].sort((x, y) => (fixes[y] as Fix).cost - (fixes[x] as Fix).cost);
  const kept = new Set(chosen);
  for (const fx of order) {
    for (const leaf of (fixes[fx] as Fix).leaves) removed[leaf] = 0;
    // A leaf may belong to another kept fix as well (never, as ids partition leaves), so this is exact.
    const ok = derivable(g, removed, used);
    if (goals.some((x) => ok[x] && !uncuttable.has(x))) {
      for (const leaf of (fixes[fx] as Fix).leaves) removed[leaf] = 1;
    } else kept.delete(fx);
  }
  const result = chosen.filter((fx) => kept.has(fx)).map((fx) => fixes[fx] as Fix);
  for (const fix of result) fix.removeFacts = fix.leaves.map((leaf) => inputFact(g, leaf));
  return { fixes: result, totalCost: result.reduce((s, f) => s + f.cost, 0), uncuttable: [...uncuttable].map((x) => g.facts.label(x)), iterations };
}
