// The MulVAL-compatible path against the SWI-Prolog baselines in ../shared, node for node,
// for every case there (full and `_pruned`). The data is read at run time, never copied.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PRODUCT_ROOT } from '../../src/core/layer-dirs.ts';
import { loadRuleSet } from '../../src/attackgraph/rules/load.ts';
import { readMulvalInput } from '../../src/attackgraph/inputs/mulval.ts';
import { evaluateTabled } from '../../src/attackgraph/datalog/tabled.ts';
import { toMulvalCsv } from '../../src/attackgraph/export/mulval-csv.ts';
import { canonical } from './mulval-canon.ts';

const casesRoot = join(PRODUCT_ROOT, '..', 'shared', 'attackgraph', 'mulval-cases');

function findCases(): { name: string; input: string; expected: string; pruned: boolean }[] {
  const out: { name: string; input: string; expected: string; pruned: boolean }[] = [];
  if (!existsSync(casesRoot)) return out;
  for (const org of readdirSync(casesRoot, { withFileTypes: true })) {
    if (!org.isDirectory()) continue;
    const base = join(casesRoot, org.name, 'expected-swi-baseline');
    if (!existsSync(base)) continue;
    for (const c of readdirSync(base)) {
      const m = /^(.*)_(full|pruned)$/.exec(c);
      if (!m) continue;
      const stem = m[1] as string;
      const input = [`${stem}_input.P`, `${stem}.P`].map((f) => join(casesRoot, org.name, f)).find((f) => existsSync(f));
      if (!input) throw new Error(`no input file for baseline ${c}`);
      out.push({ name: `${org.name}/${c}`, input, expected: join(base, c), pruned: m[2] === 'pruned' });
    }
  }
  return out;
}

const cases = findCases();
const rules = loadRuleSet();

test('the MulVAL cases are present', () => {
  assert.ok(cases.length >= 4, `expected the shared MulVAL cases under ${casesRoot}`);
});

for (const c of cases) {
  test(`mulval case ${c.name} matches the baseline node for node`, () => {
    const g = evaluateTabled({ rules, input: readMulvalInput(c.input) });
    const ours = toMulvalCsv(g, { pruned: c.pruned });
    const mine = canonical(ours.vertices, ours.arcs);
    const theirs = canonical(readFileSync(join(c.expected, 'VERTICES.CSV'), 'utf8'), readFileSync(join(c.expected, 'ARCS.CSV'), 'utf8'));
    assert.deepEqual(mine.counts, theirs.counts);
    assert.deepEqual(mine.vertices, theirs.vertices);
    assert.deepEqual(mine.arcs, theirs.arcs);
  });
}
