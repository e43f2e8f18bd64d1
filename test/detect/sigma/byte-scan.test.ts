// The WebAssembly byte loop must find what the automaton's own tables say, wherever the
// needles end, and keep working on texts longer than its memory first held.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NeedleAutomaton } from '../../../src/detect/sigma/needle-automaton.ts';

const NEEDLES = ['he', 'she', 'hers', 'union select', 'chmod 4777 ', '/etc/passwd'];

function found(a: NeedleAutomaton, text: string): number[] {
  const scanner = a.byteScanner();
  const n = scanner.load(text);
  const out = new Set<number>();
  let i = 0;
  let row = 0;
  while (i < n) {
    i = scanner.scan(i, n, row);
    if (scanner.last >= 0) break;
    row = ~scanner.last;
    for (const p of a.out[row / a.width] ?? []) out.add(p);
  }
  return [...out].sort((x, y) => x - y);
}

function expected(text: string): number[] {
  const lower = text.toLowerCase();
  return NEEDLES.flatMap((n, i) => (lower.includes(n) ? [i] : []));
}

test('the byte loop finds every needle, case-insensitively, overlapping and at the very end', () => {
  const a = new NeedleAutomaton(NEEDLES.map((text, i) => ({ text, payload: [i] })));
  for (const text of ['uSHErs', 'GET /dl?f=../../etc/passwd', 'id=1 UNION SELECT pass', 'x', '', 'héllo she', 'chmod 4777 /tmp/x; chmod 4777 ']) {
    assert.deepEqual(found(a, text), expected(text), text);
  }
});

test('a text longer than the scanner memory grows it and is still scanned to the end', () => {
  const a = new NeedleAutomaton(NEEDLES.map((text, i) => ({ text, payload: [i] })));
  const long = `${'x'.repeat(300_000)}/etc/passwd`;
  assert.deepEqual(found(a, long), expected(long));
  assert.deepEqual(found(a, 'she'), expected('she'));
});
