// Attack-graph scale: the synthetic enterprise (src/attackgraph/synthetic.ts) evaluated with
// the default interaction model by the bottom-up engine, at 5,000 and 50,000 hosts, then
// hardening on 5,000 hosts verified by re-evaluation. Baselines measured in this run: the tabled
// (MulVAL-style, goal-directed) evaluator on a small estate, and the engine's own time per graph
// node at the smaller size (for linearity).
// AG_BENCH_SIZES=5000,20000 overrides the sizes (the first one is also used for hardening).
import { cpus, loadavg } from 'node:os';
import { figure, timed } from './lib.ts';
import type { BenchResult } from './run.ts';
import { loadRuleSet } from '../src/attackgraph/rules/load.ts';
import { BottomUpEngine } from '../src/attackgraph/datalog/seminaive.ts';
import { engineSink, clauseSink } from '../src/attackgraph/datalog/sinks.ts';
import { evaluateTabled } from '../src/attackgraph/datalog/tabled.ts';
import { generateEnterprise, hostName, HOSTS_PER_SUBNET, type FactSink } from '../src/attackgraph/synthetic.ts';
import type { Clause } from '../src/attackgraph/datalog/program.ts';
import { quoteAtom, type Term } from '../src/attackgraph/datalog/term.ts';
import { harden } from '../src/attackgraph/analyses/harden.ts';
import type { AndOrGraph } from '../src/attackgraph/graph.ts';

const rules = loadRuleSet();
const atom = (name: string): Term => ({ k: 'atom', name });

function crownGoals(n: number) {
  const last = Math.ceil(n / HOSTS_PER_SUBNET) - 1;
  const out = [];
  for (let i = last * HOSTS_PER_SUBNET; i < n; i++) out.push({ pred: 'execCode', args: [atom(hostName(i)), atom('root')] });
  return out;
}

function evaluate(n: number, skip?: ReadonlySet<string>): { g: AndOrGraph; loadS: number; evalS: number; cpuS: number } {
  const c0 = process.cpuUsage();
  const e = new BottomUpEngine(rules);
  let sink: FactSink = engineSink(e);
  if (skip) {
    const inner = sink;
    const names: string[] = [];
    sink = {
      sym: (x) => { const id = inner.sym(x); names[id] = typeof x === 'number' ? String(x) : quoteAtom(x); return id; },
      fact: (pred, args) => { if (!skip.has(`${pred}(${args.map((a) => names[a]).join(',')})`)) inner.fact(pred, args); },
    };
  }
  const t0 = process.hrtime.bigint();
  generateEnterprise(n, sink);
  const t1 = process.hrtime.bigint();
  const g = e.run(crownGoals(n));
  const t2 = process.hrtime.bigint();
  const c = process.cpuUsage(c0);
  return { g, loadS: Number(t1 - t0) / 1e9, evalS: Number(t2 - t1) / 1e9, cpuS: (c.user + c.system) / 1e6 };
}

export async function run(): Promise<BenchResult[]> {
  const sizes = (process.env['AG_BENCH_SIZES'] ?? '5000,50000').split(',').map(Number);
  const results: BenchResult[] = [];

  // Baseline: the goal-directed tabled evaluator against the bottom-up engine, same estate.
  const small = 200;
  const clauses: Clause[] = [];
  generateEnterprise(small, clauseSink(clauses));
  const tabled = await timed(() => evaluateTabled({ rules, input: clauses, goals: crownGoals(small).map((p) => ({ k: 'cmp', functor: p.pred, args: p.args }) as Term) }));
  const bottomUp = await timed(() => evaluate(small));
  process.stdout.write(`  baseline (${small} hosts): tabled ${tabled.seconds.toFixed(2)} s, bottom-up ${bottomUp.seconds.toFixed(2)} s, ratio ${(tabled.seconds / bottomUp.seconds).toFixed(1)}x\n`);

  let perNodeFirst = 0;
  for (const n of sizes) {
    global.gc?.();
    const { g, loadS, evalS, cpuS } = evaluate(n);
    const nodes = g.facts.count + g.andCount;
    const mem = process.memoryUsage();
    const totalS = loadS + evalS;
    const perNode = (totalS / nodes) * 1e9;
    if (!perNodeFirst) perNodeFirst = perNode;
    process.stdout.write(`  ${n} hosts: ${g.facts.count.toLocaleString('en-US')} facts, ${g.andCount.toLocaleString('en-US')} rule instances, goals reached ${g.goals.length}; load ${loadS.toFixed(2)} s + evaluate ${evalS.toFixed(2)} s; ${perNode.toFixed(0)} ns/node; CPU ${cpuS.toFixed(2)} s (machine load average ${loadavg()[0]?.toFixed(1)} on ${cpus().length} cores); rss ${(mem.rss / 2 ** 30).toFixed(2)} GiB\n`);
    const target = n <= 5000 ? 4 : n <= 50000 ? 60 : Infinity;
    results.push(figure(`attack graph ${n} hosts, load + evaluate`, totalS, '<=', target, ' s'));
    results.push(figure(`attack graph ${n} hosts, resident memory`, mem.rss / 2 ** 30, '<=', 4, ' GiB'));
    if (perNode !== perNodeFirst) results.push(figure(`time per graph node, ${n} vs ${sizes[0]} hosts`, perNode / perNodeFirst, '<=', 1.5, 'x'));
  }

  // Hardening on the first size, proved by re-evaluating without the fixed facts.
  const n = sizes[0] as number;
  const { g } = evaluate(n);
  const zoneOf = (h: string) => (h.startsWith('h') ? `subnet${Math.floor(Number(h.slice(1)) / HOSTS_PER_SUBNET)}` : h);
  const hc0 = process.cpuUsage();
  const advice = await timed(() => harden(g, g.goals, { zoneOf }));
  const hc = process.cpuUsage(hc0);
  const remove = new Set(advice.result.fixes.flatMap((f) => f.removeFacts));
  const after = evaluate(n, remove);
  process.stdout.write(`  hardening ${n} hosts: ${advice.result.fixes.length} fixes (cost ${advice.result.totalCost}): ${advice.result.fixes.slice(0, 5).map((f) => f.description).join('; ')}; goals reachable after re-evaluation: ${after.g.goals.length} of ${g.goals.length} before; ${advice.result.method}${advice.result.optimal ? ' (optimal)' : ''}, lower bound ${advice.result.lowerBound.toFixed(2)}, gap ${(advice.result.totalCost - advice.result.lowerBound).toFixed(2)}, model ${advice.result.model.rows} rows — ${advice.result.note}; CPU ${((hc.user + hc.system) / 1e6).toFixed(2)} s\n`);
  results.push(figure(`hardening advice, ${n} hosts`, advice.seconds, '<=', 10, ' s'));
  results.push(figure(`goals still reachable after the advised fixes (${n} hosts)`, after.g.goals.length, '<=', 0));
  return results;
}
