// The attack-graph pipeline: inputs (an inventory directory or a MulVAL .P file) + the layered
// interaction model -> an evaluator -> the AND/OR graph. `reevaluate` re-runs it with facts
// removed or added, which is how what-if questions and hardening proofs are answered: by a full
// re-evaluation, not by editing the graph.
import { readFileSync } from 'node:fs';
import { LocatedError } from '../core/errors.ts';
import { parseDatalog } from './datalog/parse.ts';
import type { Clause, Literal } from './datalog/program.ts';
import { quoteAtom, termLabel, type Term } from './datalog/term.ts';
import { evaluateTabled } from './datalog/tabled.ts';
import { BottomUpEngine, type FactPattern } from './datalog/seminaive.ts';
import { engineSink } from './datalog/sinks.ts';
import { loadRuleSet } from './rules/load.ts';
import type { RuleSet } from './rules/ruleset.ts';
import type { AndOrGraph } from './graph.ts';
import type { FactSink } from './synthetic.ts';
import { loadInventoryDir } from './inputs/load-dir.ts';
import type { PolicyEntry } from './analyses/policy.ts';

export type EngineKind = 'tabled' | 'bottom-up';

export interface BuildOptions {
  inventory?: string;
  mulval?: string;
  /** Goal patterns as Datalog text, e.g. `execCode(db1, root)` or `execCode(_, _)`. */
  goals?: string[];
  engine?: EngineKind;
  rules?: RuleSet;
  rulesDir?: string;
  dataDir?: string;
  tenant?: string;
}

export interface Change {
  /** Labels of input facts to drop, e.g. `vulExists(web1,'CVE-2021-41773',httpd)`. */
  remove?: ReadonlySet<string>;
  /** Facts to add, as Datalog text without the final dot. */
  add?: readonly string[];
}

export interface BuiltGraph {
  graph: AndOrGraph;
  engine: EngineKind;
  likelihood: Map<string, number>;
  policy: PolicyEntry[];
  /** Zone (subnet) of each host that has one. */
  zones: Map<string, string>;
  /** From the inventory: host of each address, account of each numeric id (to place alerts). */
  hostByAddress: Map<string, string>;
  accountByUid: Map<string, string>;
  notes: string[];
  reevaluate(change: Change): AndOrGraph;
}

/** Parses `pred(args)` texts (no final dot) into literals. */
export function parseFacts(texts: readonly string[], what: string): Literal[] {
  return texts.map((t) => {
    const parsed = parseDatalog(`${t.trim().replace(/\.$/, '')}.`, what);
    const c = parsed.clauses[0];
    if (!c || parsed.clauses.length !== 1 || c.body.length > 0) throw new LocatedError(`expected one fact like execCode(web1, root), got ${JSON.stringify(t)}`, { file: what });
    return c.head;
  });
}

const litTerm = (l: Literal): Term => (l.args.length ? { k: 'cmp', functor: l.name, args: l.args } : { k: 'atom', name: l.name });
const toPattern = (l: Literal): FactPattern => ({ pred: l.name, args: l.args });

/** A sink that drops removed facts (by label) and records zones, in front of another sink. */
function filteringSink(inner: FactSink, remove: ReadonlySet<string>, zones: Map<string, string>): FactSink {
  const names: string[] = [];
  const texts: string[] = [];
  const preds = new Set([...remove].map((l) => l.slice(0, Math.max(0, l.indexOf('(')))));
  return {
    sym: (x) => {
      const id = inner.sym(x);
      names[id] = String(x);
      texts[id] = typeof x === 'number' ? String(x) : quoteAtom(x);
      return id;
    },
    fact: (pred, args) => {
      if (pred === 'inSubnet') zones.set(names[args[0] as number] as string, names[args[1] as number] as string);
      if (preds.has(pred) && remove.has(`${quoteAtom(pred)}(${args.map((a) => texts[a]).join(',')})`)) return;
      inner.fact(pred, args);
    },
  };
}

export function buildAttackGraph(opts: BuildOptions): BuiltGraph {
  if (!opts.inventory === !opts.mulval) throw new Error('give exactly one of --inventory DIR or --mulval FILE.P');
  const rules = opts.rules ?? loadRuleSet({ globalDir: opts.rulesDir, dataDir: opts.dataDir, tenant: opts.tenant });
  const engine: EngineKind = opts.engine ?? (opts.mulval ? 'tabled' : 'bottom-up');
  const notes: string[] = [];
  const zones = new Map<string, string>();
  let likelihood = new Map<string, number>();
  let policy: PolicyEntry[] = [];
  let hostByAddress = new Map<string, string>();
  let accountByUid = new Map<string, string>();
  const goalTexts = opts.goals ?? [];
  let run: (change: Change) => AndOrGraph;

  if (opts.mulval) {
    const clauses = parseDatalog(readFileSync(opts.mulval, 'utf8'), opts.mulval).clauses;
    for (const c of clauses) {
      if (c.head.pred === 'inSubnet/2' && c.body.length === 0) {
        const [h, z] = c.head.args.map((a) => termLabel(a));
        if (h && z) zones.set(h, z);
      }
    }
    const explicitGoals = goalTexts.length ? parseFacts(goalTexts, '--goal') : undefined;
    run = (change) => {
      const remove = change.remove ?? new Set<string>();
      const kept: Clause[] = clauses.filter((c) => c.body.length > 0 || !remove.has(termLabel(litTerm(c.head))));
      for (const l of parseFacts(change.add ?? [], '--add')) kept.push({ head: l, body: [], line: 0, file: '--add' });
      if (engine === 'tabled') return evaluateTabled({ rules, input: kept, goals: explicitGoals?.map(litTerm) });
      const e = new BottomUpEngine(rules);
      const fileGoals = e.addClauses(kept);
      return e.run(explicitGoals ? explicitGoals.map(toPattern) : fileGoals);
    };
  } else {
    if (engine === 'tabled') throw new Error('inventories are evaluated bottom-up; --engine tabled is for MulVAL inputs');
    const dir = opts.inventory as string;
    let goalsFromFiles: string[] = [];
    run = (change) => {
      const e = new BottomUpEngine(rules);
      const loaded = loadInventoryDir(dir, filteringSink(engineSink(e), change.remove ?? new Set(), zones));
      likelihood = loaded.likelihood;
      policy = loaded.policy;
      hostByAddress = loaded.hostByAddress;
      accountByUid = loaded.accountByUid;
      goalsFromFiles = loaded.goals;
      if (loaded.unknownVulns.length) notes.splice(0, notes.length, `no advisory for ${loaded.unknownVulns.length} vulnerability id(s), left out: ${loaded.unknownVulns.slice(0, 5).join(', ')}`);
      e.addClauses(parseFacts(change.add ?? [], '--add').map((head) => ({ head, body: [], line: 0, file: '--add' })));
      const goals = goalTexts.length ? goalTexts : goalsFromFiles.length ? goalsFromFiles : ['execCode(_, _)'];
      return e.run(parseFacts(goals, 'goal').map(toPattern));
    };
  }
  const graph = run({});
  return { graph, engine, likelihood, policy, zones, hostByAddress, accountByUid, notes, reevaluate: run };
}
