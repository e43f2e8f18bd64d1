// The prefilter is an optimisation only: with it, the ruleset must match exactly what trying
// every rule selected by the log source matches — before and after it narrows its alternatives.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { loadRulePaths } from '../../../src/detect/sigma/rule-files.ts';
import { Ruleset } from '../../../src/detect/sigma/ruleset.ts';
import { EvalContext, type DetectEvent } from '../../../src/detect/sigma/detect-event.ts';
import { logsourceSelects } from '../../../src/detect/sigma/mappings.ts';
import { globalMappings } from '../../../src/cli/rules.ts';
import { globalLayerDir } from '../../../src/core/layer-dirs.ts';
import { SIGMAHQ_RULES_DIR } from '../../../src/detect/sigma/shared-data.ts';
import { NeedleAutomaton } from '../../../src/detect/sigma/needle-automaton.ts';
import { Prefilter } from '../../../src/detect/sigma/prefilter.ts';
import type { Needle } from '../../../src/detect/sigma/compile-item.ts';
import { eventPoolForStats } from '../../../bench/sigma.bench.ts';

test('the needle automaton finds every needle, case-insensitively, overlapping ones included', () => {
  const a = new NeedleAutomaton([
    { text: 'he', payload: [0] },
    { text: 'she', payload: [1] },
    { text: 'hers', payload: [2] },
    { text: 'é/x', payload: [3] },
  ]);
  const found = (text: string) => {
    const out = new Set<number>();
    let s = 0;
    for (const ch of text.toLowerCase()) {
      const c = ch.charCodeAt(0);
      s = c < 128 ? (a.ascii[s * a.width + (a.classOf[c] as number)] as number) : a.stepNonAscii(s, c);
      for (const p of a.out[s] ?? []) out.add(p);
    }
    return [...out].sort();
  };
  assert.deepEqual(found('uSHErs'), [0, 1, 2]);
  assert.deepEqual(found('xx É/X'), [3]);
  assert.deepEqual(found('hxe'), []);
});

test('with the prefilter the ruleset matches exactly what every log-source rule would', { skip: !existsSync(SIGMAHQ_RULES_DIR) }, () => {
  const docs = loadRulePaths([SIGMAHQ_RULES_DIR, globalLayerDir('rules')]).documents;
  const rs = new Ruleset(docs, { mappings: globalMappings() });
  const pool: DetectEvent[] = eventPoolForStats();
  const ctx = new EvalContext();
  let compared = 0;
  let matched = 0;
  for (const [i, e] of pool.entries()) {
    const fast = rs.match(e).map((r) => r.rule.meta.id);
    if (i % 2) continue; // every event goes through match (calibration); half are compared
    const ls = rs.classify(e);
    ctx.reset(e);
    const slow = rs.rules.filter((r) => logsourceSelects(r.rule.logsource, ls) && r.test(ctx) && !r.filters.some((f) => f.test(ctx))).map((r) => r.rule.meta.id);
    assert.deepEqual(fast, slow, `event ${i}: ${JSON.stringify(e.fields).slice(0, 300)}`);
    compared++;
    if (fast.length) matched++;
  }
  assert.ok(compared > 5000);
  assert.ok(matched > 100, `only ${matched} events matched anything: the comparison would prove little`);
});

test('long values (scanned as bytes, in two halves) find every needle a plain search finds', () => {
  // Random needles and lines over a small alphabet, so needles often straddle the middle of
  // a line; some lines carry non-ASCII text, and one rule has a non-ASCII needle.
  let seed = 7;
  const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2147483648) % n);
  const alphabet = 'abAB-/ ';
  const word = (len: number) => Array.from({ length: len }, () => alphabet[rand(alphabet.length)]).join('');
  const needles = Array.from({ length: 40 }, (_, i) => word(2 + (i % 9)));
  needles.push('é-a', 'ab'.repeat(30));
  const alternatives: Needle[][][] = needles.map((text) => [[{ access: null, text: text.toLowerCase() }]]);
  const ctx = new EvalContext();
  const check = (withNonAsciiNeedle: boolean) => {
    const rules = withNonAsciiNeedle ? alternatives : alternatives.filter((_, i) => !needles[i]?.includes('é'));
    const texts = rules.map((a) => (a[0]?.[0] as Needle).text);
    const p = new Prefilter(rules);
    for (let k = 0; k < 3000; k++) {
      let raw = word(rand(260));
      if (k % 5 === 0) raw = raw.slice(0, raw.length >> 1) + (k % 10 === 0 ? 'É-A' : 'жé€') + raw.slice(raw.length >> 1);
      if (k % 7 === 0) raw = raw.slice(0, raw.length >> 1) + texts[k % texts.length] + raw.slice(raw.length >> 1);
      const got = p.candidates.slice(0, p.findCandidates(ctx.reset({ fields: {}, raw, time: 0, tenant: 't' })));
      const want = texts.flatMap((t, i) => (raw.toLowerCase().includes(t) ? [i] : []));
      assert.deepEqual(got, want, `${k}: ${raw}`);
    }
  };
  check(false);
  check(true);
});
