// A source batch is cut into messages without splitting a multi-line event across two.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sliceAtJoins } from '../../src/pipeline/nats/publish.ts';
import type { LineParsers } from '../../src/pipeline/stage-deps.ts';

// Each line is "<join key>:<n>"; lines sharing a key are one event, as auditd records are.
const parsers: LineParsers = { parse: (line) => ({ parser: 'joined', fields: {}, joinKey: line.split(':')[0] as string }) };
const keys = ['x', 'x', 'y', 'y', 'y', 'z', 'z'];
const batch = {
  tenant: 'acme', source: 'audit.log', sourceId: 'file:1', dropped: 3,
  lines: keys.map((k, i) => ({ offset: i * 10, end: i * 10 + 4, text: `${k}:${i}`, length: 3, tooLong: false })),
  checkpoint: { key: 'file:1', offset: 70, state: { generation: 0 } },
};

test('slices end between events, resume past their last line, and the last keeps the checkpoint and drops', () => {
  const slices = sliceAtJoins(batch, parsers, 4);
  assert.deepEqual(slices.map((s) => s.lines.map((l) => l.text[0]).join('')), ['xx', 'yyy', 'zz']);
  assert.deepEqual(slices.map((s) => s.checkpoint?.offset), [14, 44, 70]);
  assert.deepEqual(slices.map((s) => s.dropped), [undefined, undefined, 3]);
});

test('a batch within the limit is one slice, and an event longer than the limit is cut at it', () => {
  assert.equal(sliceAtJoins(batch, parsers, 7).length, 1);
  const long = { ...batch, lines: batch.lines.map((l) => ({ ...l, text: `w:${l.offset}` })) };
  assert.deepEqual(sliceAtJoins(long, parsers, 3).map((s) => s.lines.length), [3, 3, 1]);
});
