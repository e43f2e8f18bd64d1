// Bottom-up evaluation: stratified, semi-naive, over interned integer tuples with one hash
// index per bound-argument pattern, recording every rule instance of a derived predicate
// (the AND nodes) exactly once. This is the engine for whole estates (the 50,000-host target);
// the tabled evaluator reproduces MulVAL's goal-directed graphs on MulVAL inputs.
//
// Exactly-once provenance: in a round, rule instances are enumerated with the delta literal at
// body position i, earlier recursive literals restricted to tuples older than the round and
// later ones to tuples that existed when the round began. Tuple ids grow in insertion order,
// so each restriction is an id bound, and every instance is found in exactly one round at
// exactly one position.
import { LocatedError } from '../../core/errors.ts';
import { quoteAtom, type Term } from './term.ts';
import { BUILTINS, type Clause, type Literal } from './program.ts';
import { SymbolTable } from './intern.ts';
import { Relation } from './relation.ts';
import { IntVec } from './intvec.ts';
import { stratify } from './stratify.ts';
import type { RuleSet } from '../rules/ruleset.ts';
import { buildGraph, type AndOrGraph, type FactStore } from '../graph.ts';

type Mode = 0 | 1 | 2 | 3; // all tuples, delta, old (before the round), full (as the round began)
const ALL = 0, DELTA = 1, OLD = 2, FULL = 3;

interface CLit {
  rel: Relation;
  /** Per argument: a symbol id (>= 0) or ~variableSlot (< 0). */
  args: Int32Array;
  negated: boolean;
  builtin: '' | '=' | '\\=';
  /** Shown as a premise of the AND node (positive, not meta, not builtin). */
  shown: boolean;
  /** Same recursive group as the head. */
  recursive: boolean;
}

interface CRule {
  rule: number;
  traced: boolean;
  head: Relation;
  headArgs: Int32Array;
  /** Reused buffer for the head tuple being emitted. */
  headVals: Int32Array;
  lits: CLit[];
  nvars: number;
  /** Literal positions shown as premises, in body order. */
  shown: number[];
  source: Clause;
}

interface Step {
  lit: CLit;
  pos: number;
  mode: Mode;
  /** Index mask and key sources (symbol or ~var) for the indexed columns, in column order. */
  mask: number;
  keySrc: Int32Array;
  key: Int32Array;
  /** Columns that bind a variable (col, var pairs) and columns to compare with a bound var. */
  bind: Int32Array;
  check: Int32Array;
}

export interface FactPattern {
  pred: string;
  args: readonly Term[];
}

export class BottomUpEngine {
  readonly symbols = new SymbolTable();
  private readonly rels = new Map<string, Relation>();
  private readonly relList: Relation[] = [];
  private readonly clauses: { clause: Clause; rule: number }[] = [];
  private readonly factRel = new IntVec(1 << 16);
  private readonly factTuple = new IntVec(1 << 16);
  private readonly ruleSet: RuleSet;
  private readonly wildcard: number;

  constructor(rules: RuleSet) {
    this.ruleSet = rules;
    this.wildcard = this.symbols.intern('_');
    for (const r of rules.rules) this.clauses.push({ clause: r.clause, rule: r.index });
  }

  relation(pred: string, arity: number): Relation {
    const key = `${pred}/${arity}`;
    let r = this.rels.get(key);
    if (!r) {
      r = new Relation(pred, arity);
      r.id = this.relList.length;
      this.rels.set(key, r);
      this.relList.push(r);
    }
    return r;
  }

  /** Adds a ground fact; numbers are kept as numbers (printed unquoted). */
  addFact(pred: string, args: readonly (string | number)[]): void {
    const rel = this.relation(pred, args.length);
    const vals = new Int32Array(args.length);
    for (let i = 0; i < args.length; i++) {
      const a = args[i] as string | number;
      vals[i] = typeof a === 'number' ? this.symbols.intern(String(a), true) : this.symbols.intern(a);
    }
    const t = rel.insert(vals, this.factRel.length);
    if (t >= 0) this.newFact(rel, t);
  }

  /** Makes room for about `n` more facts in the global fact table. */
  reserveFacts(n: number): void {
    this.factRel.reserve(this.factRel.length + n);
    this.factTuple.reserve(this.factTuple.length + n);
  }

  /** Adds a ground fact given as interned symbols (the fast path for generated estates). */
  addTuple(rel: Relation, vals: Int32Array): void {
    const t = rel.insert(vals, this.factRel.length);
    if (t >= 0) this.newFact(rel, t);
  }

  /**
   * Adds input clauses: ground facts, and rules that are evaluated but not shown as steps.
   * Returns the goals named by `attackGoal(G)` facts, which are meta and not stored.
   */
  addClauses(clauses: readonly Clause[]): FactPattern[] {
    const goals: FactPattern[] = [];
    for (const c of clauses) {
      if (c.head.pred === 'attackGoal/1' && c.body.length === 0) {
        const g = c.head.args[0] as Term;
        if (g.k === 'cmp') goals.push({ pred: g.functor, args: g.args });
        else if (g.k === 'atom') goals.push({ pred: g.name, args: [] });
        continue;
      }
      if (c.body.length > 0) { this.clauses.push({ clause: c, rule: -1 }); continue; }
      const args: (string | number)[] = [];
      for (const a of c.head.args) {
        if (a.k === 'atom') args.push(a.name);
        else if (a.k === 'num') args.push(Number(a.text));
        else {
          throw new LocatedError(`fact ${c.head.pred} has a variable or compound argument; the bottom-up engine needs ground facts (use the tabled engine for MulVAL inputs with wildcards)`, { file: c.file, line: c.line });
        }
      }
      this.addFact(c.head.name, args);
    }
    return goals;
  }

  private newFact(rel: Relation, t: number): number {
    const fid = this.factRel.length;
    this.factRel.push(rel.id);
    this.factTuple.push(t);
    return fid;
  }

  private sym(t: Term, vars: Map<number, number>, c: Clause): number {
    if (t.k === 'atom') return this.symbols.intern(t.name);
    if (t.k === 'num') return this.symbols.intern(String(Number(t.text)), true);
    if (t.k === 'var') {
      let v = vars.get(t.id);
      if (v === undefined) vars.set(t.id, (v = vars.size));
      return ~v;
    }
    throw new LocatedError('compound terms are not allowed in rule arguments', { file: c.file, line: c.line });
  }

  private compile(c: Clause, rule: number, compOf: Map<string, number>): CRule {
    const vars = new Map<number, number>();
    const hc = compOf.get(c.head.pred);
    const lits: CLit[] = c.body.map((l: Literal) => {
      const builtin = l.pred === '=/2' ? '=' : l.pred === '\\=/2' ? '\\=' : '';
      return {
        rel: builtin ? this.relation('$builtin', 2) : this.relation(l.name, l.args.length),
        args: Int32Array.from(l.args.map((a) => this.sym(a, vars, c))),
        negated: l.negated,
        builtin,
        shown: !builtin && !l.negated && this.ruleSet.kinds.get(l.pred) !== 'meta',
        recursive: !builtin && compOf.get(l.pred) === hc,
      } as CLit;
    });
    // A head variable no positive literal binds means "any" (MulVAL's `_`): it becomes the
    // wildcard symbol, so the rule stays range-restricted.
    const boundVars = new Set<number>();
    for (const l of lits) if (!l.negated && l.builtin !== '\\=') for (const a of l.args) if (a < 0) boundVars.add(~a);
    const headArgs = Int32Array.from(c.head.args.map((a) => {
      const v = this.sym(a, vars, c);
      if (v < 0 && !boundVars.has(~v) && rule < 0) {
        // In input rules a free head variable usually joins later (`hacl(X, Y, _, _)`); a
        // wildcard would silently match nothing, so say so instead.
        throw new LocatedError(`rule for ${c.head.pred} leaves a head variable unbound; the bottom-up engine needs range-restricted input rules (use the tabled engine for MulVAL inputs like this)`, { file: c.file, line: c.line });
      }
      return v < 0 && !boundVars.has(~v) ? this.wildcard : v;
    }));
    const shown: number[] = [];
    lits.forEach((l, i) => l.shown && shown.push(i));
    return {
      rule,
      traced: rule >= 0 && this.ruleSet.kinds.get(c.head.pred) === 'derived',
      head: this.relation(c.head.name, c.head.args.length),
      headArgs,
      headVals: new Int32Array(headArgs.length),
      lits,
      nvars: vars.size,
      shown,
      source: c,
    };
  }

  /** Join order: the delta literal first, then greedily the literal with most bound arguments. */
  private plan(r: CRule, deltaPos: number): Step[] {
    const bound = new Uint8Array(r.nvars);
    const remaining = r.lits.map((_, i) => i).filter((i) => i !== deltaPos);
    const order: number[] = deltaPos >= 0 ? [deltaPos] : [];
    const isBound = (a: number) => a >= 0 || bound[~a] === 1;
    const markBound = (i: number) => { for (const a of (r.lits[i] as CLit).args) if (a < 0) bound[~a] = 1; };
    if (deltaPos >= 0) markBound(deltaPos);
    while (remaining.length) {
      let best = -1;
      let bestScore = -1;
      for (const i of remaining) {
        const l = r.lits[i] as CLit;
        const nb = [...l.args].filter(isBound).length;
        const all = nb === l.args.length;
        // Negations and comparisons wait until all their variables are bound (safety).
        if ((l.negated || l.builtin === '\\=') && !all) continue;
        if (l.builtin === '=' && nb === 0) continue;
        const score = (l.negated || l.builtin ? 1000 : 0) + (all ? 500 : 0) + nb * 10 - (l.recursive ? 1 : 0);
        if (score > bestScore) { bestScore = score; best = i; }
      }
      if (best < 0) {
        throw new LocatedError('unsafe rule: a negated literal or comparison has a variable no positive literal binds', { file: r.source.file, line: r.source.line });
      }
      order.push(best);
      remaining.splice(remaining.indexOf(best), 1);
      markBound(best);
    }
    const seen = new Uint8Array(r.nvars);
    if (deltaPos >= 0) { /* bindings are computed below in plan order */ }
    return order.map((pos) => {
      const lit = r.lits[pos] as CLit;
      let mask = 0;
      const keySrc: number[] = [];
      const bind: number[] = [];
      const check: number[] = [];
      lit.args.forEach((a, col) => {
        if (a >= 0 || seen[~a]) { mask |= 1 << col; keySrc.push(a); }
        else if (bind.some((_, k) => k % 2 === 1 && bind[k] === ~a)) check.push(col, ~a);
        else bind.push(col, ~a);
      });
      for (const a of lit.args) if (a < 0) seen[~a] = 1;
      let mode: Mode = ALL;
      if (lit.recursive) mode = pos === deltaPos ? DELTA : pos < deltaPos ? OLD : FULL;
      return { lit, pos, mode, mask, keySrc: Int32Array.from(keySrc), key: new Int32Array(keySrc.length), bind: Int32Array.from(bind), check: Int32Array.from(check) };
    });
  }

  /** Runs every stratum to its fixpoint and returns the AND/OR graph with the given goals. */
  run(goalPatterns: readonly FactPattern[] = []): AndOrGraph {
    const allClauses = this.clauses.map((c) => c.clause);
    const strata = stratify(allClauses);
    const compOf = new Map<string, number>();
    strata.forEach((s, i) => s.preds.forEach((p) => compOf.set(p, i)));
    const compiled = this.clauses.map(({ clause, rule }) => this.compile(clause, rule, compOf));
    const andRule = new IntVec(1 << 16);
    const andHead = new IntVec(1 << 16);
    const andBodyStart = new IntVec(1 << 16);
    const andBody = new IntVec(1 << 17);
    andBodyStart.push(0);

    const ds = new Map<Relation, number>();
    const de = new Map<Relation, number>();
    const matched = new Int32Array(64);
    const binding = new Int32Array(256);

    const exec = (r: CRule, steps: Step[], j: number): void => {
      if (j === steps.length) {
        const ha = r.headArgs;
        const headVals = r.headVals;
        for (let i = 0; i < ha.length; i++) {
          const a = ha[i] as number;
          headVals[i] = a >= 0 ? a : (binding[~a] as number);
        }
        const rel = r.head;
        const ins = rel.insert(headVals, this.factRel.length);
        const fid = ins >= 0 ? this.newFact(rel, ins) : (rel.factId[~ins] as number);
        if (r.traced) {
          andRule.push(r.rule);
          andHead.push(fid);
          for (const p of r.shown) andBody.push(matched[p] as number);
          andBodyStart.push(andBody.length);
        }
        return;
      }
      const st = steps[j] as Step;
      const lit = st.lit;
      const key = st.key;
      const ks = st.keySrc;
      for (let i = 0; i < ks.length; i++) {
        const a = ks[i] as number;
        key[i] = a >= 0 ? a : (binding[~a] as number);
      }
      if (lit.builtin) {
        const x = lit.args[0] as number, y = lit.args[1] as number;
        const xv = x >= 0 ? x : (binding[~x] as number);
        if (lit.builtin === '=') {
          if (st.bind.length) { binding[st.bind[1] as number] = st.bind[0] === 0 ? (y >= 0 ? y : (binding[~y] as number)) : xv; exec(r, steps, j + 1); }
          else if (xv === (y >= 0 ? y : binding[~y])) exec(r, steps, j + 1);
        } else if (xv !== (y >= 0 ? y : binding[~y])) exec(r, steps, j + 1);
        return;
      }
      const rel = lit.rel;
      if (lit.negated) {
        if (rel.find(key) < 0) exec(r, steps, j + 1);
        return;
      }
      let lo = 0;
      let hi = rel.size;
      if (st.mode === DELTA) { lo = ds.get(rel) as number; hi = de.get(rel) as number; }
      else if (st.mode === OLD) hi = ds.get(rel) as number;
      else if (st.mode === FULL) hi = de.get(rel) as number;
      if (st.mask === 0) {
        for (let t = lo; t < hi; t++) visit(r, steps, j, st, t);
      } else {
        const idx = rel.index(st.mask);
        const next = idx.next;
        for (let t = idx.first(key); t !== -1 && t < hi; t = next[t] as number) if (t >= lo) visit(r, steps, j, st, t);
      }
    };
    const visit = (r: CRule, steps: Step[], j: number, st: Step, t: number): void => {
      const rel = st.lit.rel;
      const data = rel.data;
      const base = t * rel.arity;
      const check = st.check;
      const bind = st.bind;
      for (let i = 0; i < check.length; i += 2) if (data[base + (check[i] as number)] !== binding[check[i + 1] as number]) return;
      for (let i = 0; i < bind.length; i += 2) binding[bind[i + 1] as number] = data[base + (bind[i] as number)] as number;
      matched[st.pos] = rel.factId[t] as number;
      exec(r, steps, j + 1);
    };

    for (let s = 0; s < strata.length; s++) {
      const stratum = strata[s]!;
      const rules = compiled.filter((r) => compOf.get(`${r.head.name}/${r.head.arity}`) === s);
      if (rules.length === 0) continue;
      const rels = stratum.preds.map((p) => this.rels.get(p)).filter((r): r is Relation => !!r);
      for (const r of rules) {
        if (r.nvars > binding.length) throw new LocatedError('rule has too many variables', { file: r.source.file, line: r.source.line });
      }
      // Rules without a recursive literal run once; their results join the first delta.
      for (const r of rules) {
        if (r.lits.some((l) => l.recursive)) continue;
        exec(r, this.plan(r, -1), 0);
      }
      const recursive = rules.filter((r) => r.lits.some((l) => l.recursive));
      if (recursive.length === 0) continue;
      const plans = recursive.map((r) => ({ r, plans: r.lits.map((l, i) => (l.recursive ? this.plan(r, i) : null)) }));
      for (const rel of rels) { ds.set(rel, 0); de.set(rel, rel.size); }
      for (;;) {
        for (const { r, plans: ps } of plans) {
          ps.forEach((p, i) => {
            if (!p) return;
            const rel = (r.lits[i] as CLit).rel;
            if ((de.get(rel) as number) > (ds.get(rel) as number)) exec(r, p, 0);
          });
        }
        let more = false;
        for (const rel of rels) {
          ds.set(rel, de.get(rel) as number);
          de.set(rel, rel.size);
          if (rel.size > (ds.get(rel) as number)) more = true;
        }
        if (!more) break;
      }
    }

    const goals: number[] = [];
    for (const gp of goalPatterns) {
      const rel = this.rels.get(`${gp.pred}/${gp.args.length}`);
      if (!rel) continue;
      const want = gp.args.map((a) => (a.k === 'atom' ? this.symbols.lookup(a.name) ?? -2 : a.k === 'num' ? this.symbols.lookup(String(Number(a.text))) ?? -2 : -1));
      for (let t = 0; t < rel.size; t++) {
        let ok = true;
        for (let i = 0; i < want.length; i++) if (want[i] !== -1 && rel.data[t * rel.arity + i] !== want[i]) { ok = false; break; }
        if (ok) goals.push(rel.factId[t] as number);
      }
    }
    return buildGraph({
      facts: this.factStore(),
      andCount: andRule.length,
      andRule: andRule.toArray(),
      andHead: andHead.toArray(),
      andBodyStart: andBodyStart.toArray(),
      andBody: andBody.toArray(),
      rules: this.ruleSet.rules,
      goals,
    });
  }

  private factStore(): FactStore {
    const factRel = this.factRel.toArray();
    const factTuple = this.factTuple.toArray();
    const derived = new Uint8Array(factRel.length);
    const relDerived = this.relList.map((r) => (this.ruleSet.kinds.get(`${r.name}/${r.arity}`) === 'derived' ? 1 : 0));
    for (let f = 0; f < factRel.length; f++) derived[f] = relDerived[factRel[f] as number] as number;
    const symText = (s: number) => (this.symbols.numeric[s] || s === this.wildcard ? this.symbols.name(s) : quoteAtom(this.symbols.name(s)));
    const args = (f: number): string[] => {
      const rel = this.relList[factRel[f] as number] as Relation;
      const t = factTuple[f] as number;
      const out: string[] = [];
      for (let i = 0; i < rel.arity; i++) out.push(this.symbols.name(rel.data[t * rel.arity + i] as number));
      return out;
    };
    return {
      count: factRel.length,
      derived,
      pred: (f) => (this.relList[factRel[f] as number] as Relation).name,
      args,
      label: (f) => {
        const rel = this.relList[factRel[f] as number] as Relation;
        const t = factTuple[f] as number;
        const parts: string[] = [];
        for (let i = 0; i < rel.arity; i++) parts.push(symText(rel.data[t * rel.arity + i] as number));
        return rel.arity ? `${quoteAtom(rel.name)}(${parts.join(',')})` : quoteAtom(rel.name);
      },
    };
  }
}

export { BUILTINS };
