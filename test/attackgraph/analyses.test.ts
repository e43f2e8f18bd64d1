// Analyses on our demo estate, a generated estate and the MulVAL 3-host case: hardening proved
// by re-evaluation, probabilities that respect AND/OR and cycles, shortest paths that are
// valid derivations, policy violations, what-if, and the live overlay.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { PRODUCT_ROOT } from '../../src/core/layer-dirs.ts';
import { buildAttackGraph } from '../../src/attackgraph/build.ts';
import { harden } from '../../src/attackgraph/analyses/harden.ts';
import { factProbabilities, leafProbabilities, mostLikelyPath, shortestPath } from '../../src/attackgraph/analyses/probability.ts';
import { policyViolations } from '../../src/attackgraph/analyses/policy.ts';
import { diffGraphs } from '../../src/attackgraph/analyses/whatif.ts';
import { overlayAlerts, overlayContext } from '../../src/attackgraph/analyses/overlay.ts';
import { acyclicAnds } from '../../src/attackgraph/analyses/acyclic.ts';
import { bodyOf, findFact, type AndOrGraph } from '../../src/attackgraph/graph.ts';
import { BottomUpEngine } from '../../src/attackgraph/datalog/seminaive.ts';
import { engineSink } from '../../src/attackgraph/datalog/sinks.ts';
import { loadRuleSet } from '../../src/attackgraph/rules/load.ts';
import { generateEnterprise, hostName, HOSTS_PER_SUBNET, type FactSink } from '../../src/attackgraph/synthetic.ts';
import { quoteAtom } from '../../src/attackgraph/datalog/term.ts';

const demo = join(PRODUCT_ROOT, 'test', 'attackgraph', 'fixtures', 'demo-inventory');
const threeHost = join(PRODUCT_ROOT, '..', 'shared', 'attackgraph', 'mulval-cases', 'risksense', '3host_input.P');

/** A derivation is valid when its steps, in order, only use premises derived earlier or primitive. */
function assertValidDerivation(g: AndOrGraph, steps: readonly number[], goal: number) {
  const have = new Set<number>();
  for (const a of steps) {
    for (const b of bodyOf(g, a)) assert.ok(!g.facts.derived[b] || have.has(b), `premise ${g.facts.label(b)} used before it is derived`);
    have.add(g.andHead[a] as number);
  }
  assert.ok(have.has(goal));
}

test('hardening the demo estate cuts every path, proved by re-evaluation', async () => {
  const built = buildAttackGraph({ inventory: demo });
  const g = built.graph;
  const advice = await harden(g, g.goals, { zoneOf: (h) => built.zones.get(h) ?? h });
  assert.ok(advice.fixes.length > 0);
  const after = built.reevaluate({ remove: new Set(advice.fixes.flatMap((f) => f.removeFacts)) });
  assert.equal(after.goals.length, 0);
  // Minimal: dropping any single advised fix lets the attacker through again.
  for (const f of advice.fixes) {
    const others = new Set(advice.fixes.filter((x) => x !== f).flatMap((x) => x.removeFacts));
    assert.ok(built.reevaluate({ remove: others }).goals.length > 0, `${f.description} is needed`);
  }
});

test('hardening a generated estate: the advised fixes leave no path to the crown jewels', async () => {
  const rules = loadRuleSet();
  const n = 400;
  const last = Math.ceil(n / HOSTS_PER_SUBNET) - 1;
  const goals = Array.from({ length: n - last * HOSTS_PER_SUBNET }, (_, k) => ({ pred: 'execCode', args: [{ k: 'atom' as const, name: hostName(last * HOSTS_PER_SUBNET + k) }, { k: 'var' as const, id: -9, name: '_' }] }));
  const evaluate = (skip: ReadonlySet<string>) => {
    const e = new BottomUpEngine(rules);
    const inner = engineSink(e);
    const names: string[] = [];
    const sink: FactSink = {
      sym: (x) => { const id = inner.sym(x); names[id] = typeof x === 'number' ? String(x) : quoteAtom(x); return id; },
      fact: (p, a) => { if (!skip.has(`${p}(${a.map((i) => names[i]).join(',')})`)) inner.fact(p, a); },
    };
    generateEnterprise(n, sink, 3);
    return e.run(goals);
  };
  const g = evaluate(new Set());
  assert.ok(g.goals.length > 0, 'the generated attacker reaches the last subnet');
  const advice = await harden(g, g.goals, { zoneOf: (h) => (h.startsWith('h') ? `s${Math.floor(Number(h.slice(1)) / HOSTS_PER_SUBNET)}` : h) });
  const after = evaluate(new Set(advice.fixes.flatMap((f) => f.removeFacts)));
  assert.equal(after.goals.length, 0);
});

test('probabilities: AND multiplies, OR combines, cycles converge; paths are valid derivations', () => {
  const built = buildAttackGraph({ inventory: demo });
  const g = built.graph;
  const leafP = leafProbabilities(g, built.likelihood);
  const { p, rounds } = factProbabilities(g, leafP);
  assert.ok(rounds < 500);
  const goal = g.goals[0] as number;
  assert.ok((p[goal] as number) > 0 && (p[goal] as number) < 1);
  for (let f = 0; f < g.facts.count; f++) assert.ok((p[f] as number) >= 0 && (p[f] as number) <= 1 + 1e-12);
  const likely = mostLikelyPath(g, goal, leafP);
  assertValidDerivation(g, likely.steps, goal);
  // One derivation can be no more likely than all derivations together.
  assert.ok(likely.probability <= (p[goal] as number) + 1e-12);
  const short = shortestPath(g, goal);
  assertValidDerivation(g, short.steps, goal);
  assert.ok(short.steps.length <= likely.steps.length);
});

test('policy: everything the attacker executes beyond what anyone may is a violation', () => {
  const built = buildAttackGraph({ inventory: demo });
  const v = policyViolations(built.graph, built.policy);
  assert.ok(v.some((x) => x.label === 'execCode(db1,root)'));
  assert.ok(!v.some((x) => x.resource === 'web1'), 'code execution on web1 is permitted to anyone');
});

test('what-if: removing the NFS mount removes the workstation compromise (3-host case)', () => {
  const built = buildAttackGraph({ mulval: threeHost });
  const after = built.reevaluate({ remove: new Set(["nfsMounted(workStation,'/usr/local/share',fileServer,'/export',read)"]) });
  const d = diffGraphs(built.graph, after);
  assert.ok(d.lost.includes('execCode(workStation,root)'));
  assert.deepEqual(d.goalsAfter, []);
  const added = built.reevaluate({ add: ['bugHyp(workStation, sshd, remoteExploit, privEscalation)', 'networkServiceInfo(workStation, sshd, tcp, 22, root)'] });
  assert.ok(diffGraphs(built.graph, added).gained.length > 0);
});

test('pruned mode keeps a subset of the rule instances and still derives the goal', () => {
  const g = buildAttackGraph({ mulval: threeHost }).graph;
  const keep = acyclicAnds(g);
  const kept = keep.reduce((s, x) => s + x, 0);
  assert.ok(kept > 0 && kept < g.andCount);
});

test('overlay: an alert on the web server places the attacker there and ranks the next steps', () => {
  const built = buildAttackGraph({ inventory: demo });
  const g = built.graph;
  const ctx = overlayContext(g, leafProbabilities(g, built.likelihood));
  const r = overlayAlerts(ctx, [
    { host: 'web1', user: 'www', ruleId: 'sigma-webshell', level: 12, time: 1 },
    { host: 'nowhere', ruleId: 'x', level: 3, time: 2 },
  ]);
  assert.deepEqual(r.positions.map((p) => p.fact), ['execCode(web1,www)']);
  assert.equal(r.unplaced.length, 1);
  assert.ok(r.nextSteps.length > 0);
  assert.equal(r.nextSteps[0]?.gains, 'execCode(app1,app)');
  for (let i = 1; i < r.nextSteps.length; i++) assert.ok((r.nextSteps[i - 1]?.score ?? 0) >= (r.nextSteps[i]?.score ?? 0));
  assert.ok(findFact(g, 'execCode(app1,app)') >= 0);
});
