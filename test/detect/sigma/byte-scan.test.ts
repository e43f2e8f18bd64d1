// The WebAssembly byte loop must find what the automaton's own tables say, wherever the
// needles end (also across the midpoint where a long text is split in two chains), and keep
// working on texts longer than its memory first held.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NeedleAutomaton } from '../../../src/detect/sigma/needle-automaton.ts';
import { MODULE_BYTES } from '../../../src/detect/sigma/byte-scan.ts';

const NEEDLES = ['he', 'she', 'hers', 'union select', 'chmod 4777 ', '/etc/passwd'];

function found(a: NeedleAutomaton, text: string): number[] {
  const scanner = a.byteScanner();
  const ends = scanner.scan(scanner.load(text));
  const out = new Set<number>();
  for (let k = 0; k < ends; k++) for (const p of a.out[scanner.match(k) / a.width] ?? []) out.add(p);
  return [...out].sort((x, y) => x - y);
}

function expected(needles: readonly string[], text: string): number[] {
  const lower = text.toLowerCase();
  return needles.flatMap((n, i) => (lower.includes(n) ? [i] : []));
}

function automaton(needles: readonly string[]): NeedleAutomaton {
  return new NeedleAutomaton(needles.map((text, i) => ({ text, payload: [i] })));
}

test('the hand-written module is valid WebAssembly', () => {
  const wasm = (globalThis as unknown as { WebAssembly: { validate(b: Uint8Array): boolean } }).WebAssembly;
  assert.equal(wasm.validate(MODULE_BYTES), true);
});

test('the byte loop finds every needle, case-insensitively, overlapping and at the very end', () => {
  const a = automaton(NEEDLES);
  const long = 'x'.repeat(40);
  for (const text of ['uSHErs', 'GET /dl?f=../../etc/passwd', 'id=1 UNION SELECT pass', 'x', '', 'héllo she', 'chmod 4777 /tmp/x; chmod 4777 ', `${long}/etc/passwd${long}`, `${long.slice(6)}union select${long}`]) {
    assert.deepEqual(found(a, text), expected(NEEDLES, text), text);
  }
});

test('a text longer than the scanner memory grows it and is still scanned to the end', () => {
  const a = automaton(NEEDLES);
  const long = `${'x'.repeat(300_000)}/etc/passwd`;
  assert.deepEqual(found(a, long), expected(NEEDLES, long));
  assert.deepEqual(found(a, 'she'), expected(NEEDLES, 'she'));
});

test('random texts: the same needles as includes(), wherever they fall relative to the midpoint', () => {
  // A small alphabet makes needles, their overlaps and near-misses frequent.
  let seed = 7;
  const random = (n: number) => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  const letters = 'abcAB /é';
  const word = (min: number, max: number) => Array.from({ length: min + random(max - min + 1) }, () => letters[random(letters.length)]).join('');
  for (let round = 0; round < 40; round++) {
    const needles = [...new Set(Array.from({ length: 1 + random(12) }, () => word(1, 40).replace(/é/g, '').toLowerCase()).filter((n) => n.length > 0))];
    const a = automaton(needles);
    for (let t = 0; t < 50; t++) {
      const text = word(0, 300);
      assert.deepEqual(found(a, text), expected(needles, text), JSON.stringify({ needles, text }));
    }
  }
});
