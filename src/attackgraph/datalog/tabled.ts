// Goal-directed (tabled, top-down) evaluation, the way MulVAL's Prolog back end explains a
// goal. It is what `--mulval` uses, because MulVAL's graphs depend on it: facts with
// variables (`hacl(webServer, _, _, _)`) are instantiated by the calls that reach them, and
// answers that stay non-ground (`accessFile(fileServer, write, A)`) are nodes of their own.
// Each call pattern (up to variable renaming) has a table of answers; tables are re-run until
// no table grows, which reaches the same fixpoint as SLG resolution for programs without
// negation through recursion, and handles cycles (execCode -> netAccess -> execCode).
// Every successful rule body of a derived predicate is kept as a step: the AND nodes.
// Sized for MulVAL inputs (hundreds of hosts); large estates go through seminaive.ts.
import type { Term } from './term.ts';
import { termLabel, isGround } from './term.ts';
import { freshVarId } from './parse.ts';
import type { Clause, Literal } from './program.ts';
import type { RuleSet } from '../rules/ruleset.ts';
import { buildGraph, type AndOrGraph, type FactStore } from '../graph.ts';

interface Table {
  readonly call: Term;
  readonly answers: Term[];
  readonly keys: Set<string>;
  /** Tables whose evaluation consumed this one: re-run them when this one grows. */
  readonly dependents: Set<Table>;
  dirty: boolean;
}

interface Step {
  rule: number;
  head: Term;
  body: Term[];
}

export interface TabledOptions {
  rules: RuleSet;
  /** Facts and rules of the input (MulVAL .P content). */
  input: readonly Clause[];
  /** Goals to explain; defaults to the arguments of the input's `attackGoal/1` facts. */
  goals?: readonly Term[];
  /** Stop with an error beyond this many table entries (answers), instead of exhausting memory. */
  maxAnswers?: number;
}

const litTerm = (l: Literal): Term => (l.args.length === 0 ? { k: 'atom', name: l.name } : { k: 'cmp', functor: l.name, args: l.args });

function predOf(t: Term): string {
  if (t.k === 'atom') return `${t.name}/0`;
  if (t.k === 'cmp') return `${t.functor}/${t.args.length}`;
  return '';
}

export function evaluateTabled(opts: TabledOptions): AndOrGraph {
  const { rules } = opts;
  const maxAnswers = opts.maxAnswers ?? 5_000_000;
  const clausesByPred = new Map<string, { clause: Clause; rule: number }[]>();
  const addClause = (clause: Clause, rule: number) => {
    let list = clausesByPred.get(clause.head.pred);
    if (!list) clausesByPred.set(clause.head.pred, (list = []));
    list.push({ clause, rule });
  };
  for (const r of rules.rules) addClause(r.clause, r.index);
  for (const c of opts.input) addClause(c, -1);
  // First-argument index (as Prolog systems have): a call with a bound first argument only
  // tries clauses whose first argument is that constant or not a constant. Without it, ground
  // calls such as hacl(a, b, tcp, 22) scan every hacl fact.
  type Entry = { clause: Clause; rule: number; order: number };
  const firstArgIndex = new Map<string, { byConst: Map<string, Entry[]>; open: Entry[] }>();
  for (const [pred, list] of clausesByPred) {
    const idx = { byConst: new Map<string, Entry[]>(), open: [] as Entry[] };
    list.forEach((e, order) => {
      const a0 = e.clause.head.args[0];
      const key = a0 && a0.k === 'atom' ? `a:${a0.name}` : a0 && a0.k === 'num' ? `n:${Number(a0.text)}` : undefined;
      if (key === undefined) idx.open.push({ ...e, order });
      else {
        const l = idx.byConst.get(key);
        if (l) l.push({ ...e, order });
        else idx.byConst.set(key, [{ ...e, order }]);
      }
    });
    firstArgIndex.set(pred, idx);
  }
  const candidates = (pred: string, call: Term): readonly { clause: Clause; rule: number }[] => {
    const all = clausesByPred.get(pred) ?? [];
    const idx = firstArgIndex.get(pred);
    const a0 = call.k === 'cmp' ? deref(call.args[0] as Term) : undefined;
    if (!idx || !a0 || (a0.k !== 'atom' && a0.k !== 'num')) return all;
    const hit = idx.byConst.get(a0.k === 'atom' ? `a:${a0.name}` : `n:${Number(a0.text)}`) ?? [];
    if (idx.open.length === 0) return hit;
    if (hit.length === 0) return idx.open;
    return [...hit, ...idx.open].sort((x, y) => x.order - y.order);
  };

  // Bindings live in one map with a trail, so backtracking is an undo to a mark.
  const bound = new Map<number, Term>();
  const trail: number[] = [];
  const deref = (t: Term): Term => {
    while (t.k === 'var') {
      const b = bound.get(t.id);
      if (!b) return t;
      t = b;
    }
    return t;
  };
  const undo = (mark: number) => {
    while (trail.length > mark) bound.delete(trail.pop() as number);
  };
  const unify = (a0: Term, b0: Term): boolean => {
    const a = deref(a0);
    const b = deref(b0);
    if (a === b) return true;
    if (a.k === 'var') { if (!(b.k === 'var' && b.id === a.id)) { bound.set(a.id, b); trail.push(a.id); } return true; }
    if (b.k === 'var') { bound.set(b.id, a); trail.push(b.id); return true; }
    if (a.k === 'atom') return b.k === 'atom' && a.name === b.name;
    if (a.k === 'num') return b.k === 'num' && Number(a.text) === Number(b.text);
    if (b.k !== 'cmp' || a.functor !== b.functor || a.args.length !== b.args.length) return false;
    for (let i = 0; i < a.args.length; i++) if (!unify(a.args[i] as Term, b.args[i] as Term)) return false;
    return true;
  };
  const resolve = (t: Term): Term => {
    const d = deref(t);
    if (d.k !== 'cmp') return d;
    return { k: 'cmp', functor: d.functor, args: d.args.map(resolve) };
  };
  const rename = (t: Term, m: Map<number, Term>): Term => {
    if (t.k === 'var') {
      let v = m.get(t.id);
      if (!v) m.set(t.id, (v = { k: 'var', id: freshVarId(), name: t.name }));
      return v;
    }
    if (t.k !== 'cmp') return t;
    return { k: 'cmp', functor: t.functor, args: t.args.map((a) => rename(a, m)) };
  };

  const tables = new Map<string, Table>();
  const tableList: Table[] = [];
  const steps = new Map<string, Step>();
  let answerCount = 0;

  const kindOf = (pred: string) => rules.kinds.get(pred);

  function table(call: Term): Table {
    const key = termLabel(call);
    let t = tables.get(key);
    if (!t) {
      t = { call, answers: [], keys: new Set(), dependents: new Set(), dirty: false };
      tables.set(key, t);
      tableList.push(t);
      // Evaluate a new call at once so its answers are there for the caller in this round.
      run(t);
    }
    if (current) t.dependents.add(current);
    return t;
  }

  function solve(body: readonly Literal[], i: number, k: () => void): void {
    if (i === body.length) return k();
    const lit = body[i] as Literal;
    if (lit.pred === '=/2' || lit.pred === '\\=/2') {
      const mark = trail.length;
      const ok = unify(lit.args[0] as Term, lit.args[1] as Term);
      if (lit.pred === '=/2') {
        if (ok) solve(body, i + 1, k);
        undo(mark);
      } else {
        undo(mark);
        if (!ok) solve(body, i + 1, k);
      }
      return;
    }
    const goal = resolve(litTerm(lit));
    const t = table(goal);
    if (lit.negated) {
      // Stratified use only: the negated predicate does not depend on this one, so its table
      // is complete once evaluated.
      let any = false;
      for (const ans of t.answers) {
        const mark = trail.length;
        if (unify(goal, rename(ans, new Map()))) any = true;
        undo(mark);
        if (any) break;
      }
      if (!any) solve(body, i + 1, k);
      return;
    }
    for (let j = 0; j < t.answers.length; j++) {
      const mark = trail.length;
      if (unify(goal, rename(t.answers[j] as Term, new Map()))) solve(body, i + 1, k);
      undo(mark);
    }
  }

  let current: Table | undefined;
  const dirtyQueue: Table[] = [];

  function run(t: Table): void {
    const outer = current;
    current = t;
    t.dirty = false;
    try {
      runClauses(t);
    } finally {
      current = outer;
    }
  }

  function runClauses(t: Table): void {
    const pred = predOf(t.call);
    const traced = kindOf(pred) === 'derived';
    for (const { clause, rule } of candidates(pred, t.call)) {
      const mark = trail.length;
      const m = new Map<number, Term>();
      const head = rename(litTerm(clause.head), m);
      if (unify(head, t.call)) {
        const body = clause.body.map((l) => ({ ...l, args: l.args.map((a) => rename(a, m)) }));
        solve(body, 0, () => {
          const ans = resolve(head);
          const key = termLabel(ans);
          if (!t.keys.has(key)) {
            t.keys.add(key);
            t.answers.push(ans);
            for (const d of t.dependents) if (!d.dirty) { d.dirty = true; dirtyQueue.push(d); }
            if (++answerCount > maxAnswers) throw new Error(`tabled evaluation exceeded ${maxAnswers} answers; use the bottom-up engine for inputs this large`);
          }
          if (traced && rule >= 0) {
            const shown = body.filter((l) => !l.negated && kindOf(l.pred) !== 'meta' && l.pred !== '=/2' && l.pred !== '\\=/2');
            const bodyTerms = shown.map((l) => resolve(litTerm(l)));
            const sk = `${rule}|${key}|${bodyTerms.map((b) => termLabel(b)).join('|')}`;
            if (!steps.has(sk)) steps.set(sk, { rule, head: ans, body: bodyTerms });
          }
        });
      }
      undo(mark);
    }
  }

  const goalCalls: Term[] = opts.goals ? [...opts.goals] : [];
  if (!opts.goals) {
    for (const c of opts.input) {
      if (c.head.pred === 'attackGoal/1' && c.body.length === 0) goalCalls.push(c.head.args[0] as Term);
    }
  }
  const goalTables = goalCalls.map((g) => table(g));
  // Re-run only tables whose inputs grew, until none did. A table consumed while it was being
  // evaluated (a cycle) is its own dependent, so it is re-run too.
  while (dirtyQueue.length) {
    const t = dirtyQueue.shift() as Table;
    if (t.dirty) run(t);
  }

  // Fact nodes are identified by their label (a variant-canonical print of the term).
  const labels: string[] = [];
  const terms: Term[] = [];
  const derivedFlags: number[] = [];
  const ids = new Map<string, number>();
  const factId = (t: Term): number => {
    const label = termLabel(t);
    let id = ids.get(label);
    if (id === undefined) {
      id = labels.length;
      ids.set(label, id);
      labels.push(label);
      terms.push(t);
      derivedFlags.push(kindOf(predOf(t)) === 'derived' ? 1 : 0);
    }
    return id;
  };
  const goals: number[] = [];
  for (const gt of goalTables) for (const a of gt.answers) if (isGround(a)) goals.push(factId(a));
  const andRule: number[] = [];
  const andHead: number[] = [];
  const andBodyStart: number[] = [0];
  const andBody: number[] = [];
  for (const s of steps.values()) {
    andRule.push(s.rule);
    andHead.push(factId(s.head));
    for (const b of s.body) andBody.push(factId(b));
    andBodyStart.push(andBody.length);
  }
  const argTexts = (t: Term): string[] => {
    if (t.k !== 'cmp') return [];
    // Constants as their plain text (the bottom-up engine's convention); variables and
    // compound arguments as printed in labels.
    const names = new Map<number, string>();
    return t.args.map((a) => (a.k === 'atom' ? a.name : a.k === 'num' ? a.text : termLabel(a, names)));
  };
  const facts: FactStore = {
    count: labels.length,
    label: (f) => labels[f] as string,
    pred: (f) => predOf(terms[f] as Term).replace(/\/\d+$/, ''),
    args: (f) => argTexts(terms[f] as Term),
    derived: Uint8Array.from(derivedFlags),
  };
  return buildGraph({
    facts,
    andCount: andRule.length,
    andRule: Int32Array.from(andRule),
    andHead: Int32Array.from(andHead),
    andBodyStart: Int32Array.from(andBodyStart),
    andBody: Int32Array.from(andBody),
    rules: rules.rules,
    goals,
  });
}
