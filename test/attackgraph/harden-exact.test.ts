// The exact hardening cut (0/1 integer program, HiGHS) against an exhaustive search over fix
// subsets on seeded random AND/OR graphs with cycles, a graph where the greedy cut is not
// minimal, and the MulVAL cases and demo inventory, every answer proved by re-evaluation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { PRODUCT_ROOT } from '../../src/core/layer-dirs.ts';
import { seededRandom } from '../../src/core/random.ts';
import { buildGraph, type AndOrGraph, type FactStore } from '../../src/attackgraph/graph.ts';
import { derivable } from '../../src/attackgraph/analyses/derivation.ts';
import { candidateFixes, harden, hardenGreedy, type Fix } from '../../src/attackgraph/analyses/harden.ts';
import { advise, buildFromInventory, buildFromMulval } from '../../src/attackgraph/index.ts';

interface Fact { pred: string; args: string[]; derived: boolean }

/** A graph from explicit facts and rule instances ([head, ...premises] by fact index). */
function graphOf(facts: Fact[], ands: number[][], goals: number[]): AndOrGraph {
  const store: FactStore = {
    count: facts.length,
    label: (f) => `${facts[f]!.pred}(${facts[f]!.args.join(',')})`,
    pred: (f) => facts[f]!.pred,
    args: (f) => facts[f]!.args,
    derived: Uint8Array.from(facts.map((x) => (x.derived ? 1 : 0))),
  };
  const andBodyStart = new Int32Array(ands.length + 1);
  const body: number[] = [];
  ands.forEach((a, i) => { body.push(...a.slice(1)); andBodyStart[i + 1] = body.length; });
  return buildGraph({
    facts: store, andCount: ands.length, andRule: new Int32Array(ands.length), andHead: Int32Array.from(ands.map((a) => a[0]!)),
    andBodyStart, andBody: Int32Array.from(body), rules: [{ id: 'r', index: 1, desc: 'step', weight: 1 }], goals,
  });
}

// Leaf kinds: patch (cost 1), firewall (2, several leaves per fix via zones), service (3), and
// unfixable facts (constant true).
function leafFact(kind: number, i: number): Fact {
  if (kind === 0) return { pred: 'vulExists', args: [`h${i}`, `CVE-${i}`, 'svc'], derived: false };
  if (kind === 1) return { pred: 'hacl', args: [`a${i % 2}x${i}`, `b${i % 3}`, 'tcp', '22'], derived: false };
  if (kind === 2) return { pred: 'networkServiceInfo', args: [`h${i}`, 'sshd', 'tcp', `${i}`, 'root'], derived: false };
  return { pred: 'attackerLocated', args: [`z${i}`], derived: false };
}
const zoneOf = (h: string) => h.slice(0, 2);

function randomGraph(seed: number): AndOrGraph {
  const rnd = seededRandom(seed);
  const pick = (n: number) => Math.floor(rnd() * n);
  const leaves = 4 + pick(6);
  const inner = 3 + pick(5);
  const facts: Fact[] = [];
  for (let i = 0; i < leaves; i++) facts.push(leafFact(pick(4), i));
  for (let i = 0; i < inner; i++) facts.push({ pred: 'execCode', args: [`d${i}`, 'root'], derived: true });
  const ands: number[][] = [];
  for (let d = leaves; d < leaves + inner; d++) {
    for (let k = 1 + pick(3); k > 0; k--) {
      const body: number[] = [];
      for (let p = 1 + pick(3); p > 0; p--) body.push(rnd() < 0.6 ? pick(leaves) : leaves + pick(inner));
      ands.push([d, ...body]);
    }
  }
  const goals = [leaves + inner - 1];
  if (rnd() < 0.5) goals.push(leaves + pick(inner - 1));
  return graphOf(facts, ands, goals);
}

/** Cheapest cut by trying every subset of fixes; goals derivable under every subset are uncuttable. */
function exhaustive(g: AndOrGraph, fixes: Fix[]): number {
  const goals = g.goals;
  const live = derivable(g, new Uint8Array(g.facts.count));
  const all = new Uint8Array(g.facts.count);
  for (const f of fixes) for (const l of f.leaves) all[l] = 1;
  const stuck = derivable(g, all);
  const targets = goals.filter((x) => live[x] && !stuck[x]);
  let best = Infinity;
  for (let mask = 0; mask < 1 << fixes.length; mask++) {
    const removed = new Uint8Array(g.facts.count);
    let cost = 0;
    fixes.forEach((f, i) => { if (mask & (1 << i)) { cost += f.cost; for (const l of f.leaves) removed[l] = 1; } });
    if (cost >= best) continue;
    const ok = derivable(g, removed);
    if (targets.every((x) => !ok[x])) best = cost;
  }
  return best;
}

function cutsAll(g: AndOrGraph, fixes: readonly Fix[], uncuttable: readonly string[]): boolean {
  const removed = new Uint8Array(g.facts.count);
  for (const f of fixes) for (const l of f.leaves) removed[l] = 1;
  const ok = derivable(g, removed);
  return g.goals.every((x) => !ok[x] || uncuttable.includes(g.facts.label(x)));
}

test('exact cut equals an exhaustive search over fix subsets on 150 seeded random graphs', async () => {
  let greedyWorse = 0;
  let uncuttable = 0;
  for (let seed = 1; seed <= 150; seed++) {
    const g = randomGraph(seed);
    const { fixes } = candidateFixes(g, { zoneOf });
    assert.ok(fixes.length <= 12, `seed ${seed}: ${fixes.length} fixes is too many to enumerate`);
    const want = exhaustive(g, fixes);
    const got = await harden(g, g.goals, { zoneOf });
    assert.equal(got.method, 'exact', `seed ${seed}: ${got.note}`);
    assert.ok(got.optimal, `seed ${seed}`);
    assert.equal(got.totalCost, want, `seed ${seed}: exact ${got.totalCost} vs exhaustive ${want}`);
    assert.equal(got.lowerBound, want, `seed ${seed}`);
    assert.ok(cutsAll(g, got.fixes, got.uncuttable), `seed ${seed}: the advised fixes leave a goal derivable`);
    if (got.uncuttable.length) uncuttable++;
    const greedy = hardenGreedy(g, g.goals, { zoneOf });
    assert.ok(greedy.totalCost >= want, `seed ${seed}: greedy cheaper than the minimum`);
    if (greedy.totalCost > want) greedyWorse++;
  }
  // The random family must exercise both the cases the exact solver exists for and uncuttable goals.
  assert.ok(greedyWorse > 0, 'no random graph where greedy is not minimal');
  assert.ok(uncuttable > 0, 'no random graph with an uncuttable goal');
});

test('a graph where the greedy cut is not minimal: the exact one is, and says so', async () => {
  // Goal G has three attacks: (q ∧ v1), (q ∧ v2), (r ∧ v3) through intermediate facts m1..m3,
  // and q also feeds many other derived facts, so greedy favours disabling service q (cost 3)
  // although patching v1, v2, v3 (cost 1 each) cuts G for 3 — or cheaper combinations.
  const facts: Fact[] = [
    leafFact(0, 1), leafFact(0, 2), leafFact(0, 3), // 0..2: patches v1..v3
    leafFact(2, 4), leafFact(2, 5), // 3: service q, 4: service r
    { pred: 'execCode', args: ['g', 'root'], derived: true }, // 5: goal
    { pred: 'netAccess', args: ['m1'], derived: true }, { pred: 'netAccess', args: ['m2'], derived: true }, { pred: 'netAccess', args: ['m3'], derived: true }, // 6..8
  ];
  const ands: number[][] = [[6, 3], [7, 3], [8, 4], [5, 6, 0], [5, 7, 1], [5, 8, 2]];
  for (let i = 0; i < 6; i++) { facts.push({ pred: 'reach', args: [`x${i}`], derived: true }); ands.push([facts.length - 1, 3]); }
  const g = graphOf(facts, ands, [5]);
  const { fixes } = candidateFixes(g, { zoneOf });
  const greedy = hardenGreedy(g, g.goals, { zoneOf });
  const exact = await harden(g, g.goals, { zoneOf });
  const want = exhaustive(g, fixes);
  assert.equal(exact.totalCost, want);
  assert.ok(exact.optimal && exact.method === 'exact');
  assert.ok(greedy.totalCost > exact.totalCost, `greedy ${greedy.totalCost} (${greedy.fixes.map((f) => f.description)}) vs exact ${exact.totalCost}`);
  assert.ok(cutsAll(g, exact.fixes, exact.uncuttable));
});

test('above the size limit: a cut with a valid lower bound, optimal only when it is', async () => {
  let proven = 0;
  for (let seed = 1; seed <= 60; seed++) {
    const g = randomGraph(seed);
    const got = await harden(g, g.goals, { zoneOf, exact: { maxRows: 0, maxLpRows: seed % 2 ? 0 : 1e6 } });
    if (got.model.rows === 0) continue; // nothing to cut: trivially exact
    assert.notEqual(got.method, 'exact');
    assert.match(got.note, /too large/);
    const want = exhaustive(g, candidateFixes(g, { zoneOf }).fixes);
    assert.ok(got.lowerBound <= want + 1e-9, `seed ${seed}: bound ${got.lowerBound} above the minimum ${want}`);
    assert.ok(got.totalCost >= want);
    assert.equal(got.optimal, got.totalCost <= got.lowerBound + 1e-9);
    if (got.optimal) { proven++; assert.equal(got.totalCost, want, `seed ${seed}`); }
    assert.ok(cutsAll(g, got.fixes, got.uncuttable), `seed ${seed}`);
  }
  assert.ok(proven > 0, 'the bound never proved a fallback answer minimal');
});

test('a solver out of time falls back to a verified cut and a bound no higher than the minimum', async () => {
  for (let seed = 1; seed <= 40; seed++) {
    const g = randomGraph(seed);
    const got = await harden(g, g.goals, { zoneOf, exact: { timeLimit: 0 } });
    if (got.model.rows === 0) continue;
    const want = exhaustive(g, candidateFixes(g, { zoneOf }).fixes);
    assert.ok(got.lowerBound <= want + 1e-9 && got.totalCost >= want, `seed ${seed}: ${got.lowerBound} <= ${want} <= ${got.totalCost} (${got.note})`);
    if (got.optimal) assert.equal(got.totalCost, want, `seed ${seed}`);
    assert.ok(cutsAll(g, got.fixes, got.uncuttable), `seed ${seed}`);
  }
});

const casesRoot = join(PRODUCT_ROOT, '..', 'shared', 'attackgraph', 'mulval-cases');
const mulvalInputs = existsSync(casesRoot)
  ? readdirSync(casesRoot, { withFileTypes: true }).filter((d) => d.isDirectory()).flatMap((d) => readdirSync(join(casesRoot, d.name)).filter((f) => f.endsWith('.P')).map((f) => join(casesRoot, d.name, f)))
  : [];

test('the MulVAL cases and the demo inventory get optimal advice that re-evaluation proves', async () => {
  assert.ok(mulvalInputs.length >= 2, `MulVAL inputs expected under ${casesRoot}`);
  const builds = [...mulvalInputs.map((f) => ({ name: f, built: buildFromMulval(f) })), { name: 'demo/inventory', built: buildFromInventory(join(PRODUCT_ROOT, 'demo', 'inventory')) }];
  for (const { name, built } of builds) {
    assert.ok(built.graph.goals.length > 0, `${name}: no goal reached`);
    const advice = await advise(built);
    assert.ok(advice.optimal, `${name}: ${advice.note}`);
    assert.equal(advice.method, 'exact');
    assert.equal(advice.lowerBound, advice.totalCost);
    assert.ok(advice.fixes.length > 0, `${name}: no fix advised`);
    const still = advice.verification.goalsStillReachable.filter((x) => !advice.uncuttable.includes(x));
    assert.deepEqual(still, [], `${name}: goals still reachable after the advice`);
    // No single advised fix can be dropped (a minimum cut is also minimal).
    const g = built.graph;
    for (const f of advice.fixes) assert.ok(!cutsAll(g, advice.fixes.filter((x) => x !== f), advice.uncuttable), `${name}: ${f.description} is redundant`);
  }
});
