// A worker never loops on a message its parse stage cannot handle: the lines are kept.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { accountedLines } from '../../src/pipeline/counters.ts';
import { parseOrKeep } from '../../src/pipeline/nats/parse-or-keep.ts';
import type { StageDeps } from '../../src/pipeline/stage-deps.ts';

const batch = {
  tenant: 'acme', source: 'app.log', sourceId: 'file:1',
  lines: ['first', 'second'].map((text, i) => ({ offset: i * 10, end: i * 10 + 6, text, length: text.length, tooLong: false })),
};

test('a parse stage that throws keeps every line of the message as unparsed, with the error as reason', () => {
  const broken: StageDeps = {
    parsersFor: () => { throw new Error('layer exploded'); },
    minerFor: () => { throw new Error('unused'); },
  };
  const warnings: string[] = [];
  const out = parseOrKeep(batch, broken, (m) => warnings.push(m), 1000);
  assert.deepEqual(out.unparsed.map((u) => [u.raw, u.reason]), [['first', 'parse stage error: layer exploded'], ['second', 'parse stage error: layer exploded']]);
  assert.equal(new Set(out.unparsed.map((u) => u.id)).size, 2, 'ids from the offsets, stable across redeliveries');
  assert.equal(out.counters.lines, 2);
  assert.equal(accountedLines(out.counters), 2);
  assert.match(warnings[0] ?? '', /2 lines of app.log kept unparsed/);
});

test('a working parse stage is used as it is', () => {
  const deps: StageDeps = {
    parsersFor: () => ({ parse: (line) => ({ parser: 'p', fields: { message: line } }) }),
    minerFor: () => { throw new Error('unused'); },
  };
  const out = parseOrKeep(batch, deps, () => assert.fail('no warning'));
  assert.deepEqual(out.events.map((e) => e.raw), ['first', 'second']);
  assert.deepEqual(out.unparsed, []);
});
