// The pieces of scale-out correlation that need no server: the wire format of correlation
// inputs, their partitioning and release order, the chain-aware partition key, and the
// correlator's --partitions list.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { headers } from '@nats-io/nats-core';
import { CorrelationEngine } from '../../src/detect/sigma/correlation.ts';
import { loadRuleText } from '../../src/detect/sigma/loader.ts';
import type { CorrelationRule } from '../../src/detect/sigma/model.ts';
import { compareInputs, decodeInput, encodeInput, partitionOf, type CorrelationInputMessage } from '../../src/pipeline/nats/correlation-wire.ts';
import { BadMessage } from '../../src/pipeline/nats/wire.ts';
import { parsePartitions } from '../../src/cli/correlator.ts';

const input = (over: Partial<CorrelationInputMessage>): CorrelationInputMessage =>
  ({ c: 'corr', r: ['rule'], t: 1000, l: [], v: { 'source.ip': '10.0.0.1' }, k: '["10.0.0.1"]', e: 'abc.10', d: 0, ...over });

test('an input survives the wire; its subject and message id say tenant, partition, event and correlation', () => {
  const m = input({ raw: ['Failed password for root'] });
  const enc = encodeInput('stegosoc.C', 'acme', 8, m);
  assert.equal(enc.subject, `stegosoc.C.acme.${partitionOf('acme', m.k, 8)}`);
  assert.equal(enc.msgID, 'abc.10:corr');
  assert.deepEqual(decodeInput(enc.headers, enc.body), { tenant: 'acme', input: m });
  assert.throws(() => decodeInput(enc.headers, '{"c":1}'), BadMessage);
  assert.throws(() => decodeInput(headers(), enc.body), BadMessage);
});

test('partitions are stable, in range, and spread groups', () => {
  const seen = new Set<number>();
  for (let i = 0; i < 200; i++) {
    const p = partitionOf('acme', JSON.stringify([`10.0.0.${i}`]), 8);
    assert.ok(p >= 0 && p < 8);
    assert.equal(partitionOf('acme', JSON.stringify([`10.0.0.${i}`]), 8), p);
    seen.add(p);
  }
  assert.equal(seen.size, 8);
  // The tenant is part of the hash: the same group of another tenant may go elsewhere.
  assert.ok(Array.from({ length: 50 }, (_, i) => JSON.stringify([`h${i}`])).some((k) => partitionOf('acme', k, 8) !== partitionOf('other', k, 8)));
});

test('release order: event time, then source, then offset (not the text of the id)', () => {
  const xs = [input({ t: 2000, e: 'src.1' }), input({ t: 1000, e: 'src.a' }), input({ t: 1000, e: 'src.9' }), input({ t: 1000, e: 'aaa.z' })];
  assert.deepEqual(xs.sort(compareInputs).map((x) => `${x.t}/${x.e}`), ['1000/aaa.z', '1000/src.9', '1000/src.a', '2000/src.1']);
});

function correlation(yaml: string): CorrelationRule {
  const { documents, errors } = loadRuleText(yaml, 'test.yml');
  assert.deepEqual(errors.map(String), []);
  const doc = documents[0];
  assert.equal(doc?.kind, 'correlation');
  return doc as CorrelationRule;
}

test('a chain partitions by the group-by fields its steps share, so every step of a group meets in one partition', () => {
  const first = correlation(`title: first
id: 00000000-0000-4000-8000-000000000001
name: first
correlation: {type: event_count, rules: [failed], group-by: [source.ip, host.name], timespan: 5m, condition: {gte: 3}}
`);
  const second = correlation(`title: second
id: 00000000-0000-4000-8000-000000000002
name: second
correlation: {type: temporal_ordered, rules: [first, success], group-by: [source.ip], timespan: 1h}
`);
  const alone = correlation(`title: alone
id: 00000000-0000-4000-8000-000000000003
correlation: {type: value_count, rules: [failed], group-by: [source.ip, host.name], timespan: 5m, condition: {field: user.name, gte: 3}}
`);
  const engine = new CorrelationEngine([first, second, alone]);
  const values: Record<string, string> = { 'source.ip': '10.0.0.1', 'host.name': 'db', 'user.name': 'root' };
  const event = { refs: ['failed'], time: 0, lines: [], value: (f: string) => values[f] };
  assert.equal(engine.partitionKeyOf(first, event), '["10.0.0.1"]');
  assert.equal(engine.partitionKeyOf(second, { ...event, refs: ['success'] }), '["10.0.0.1"]');
  // Unchained: its whole group key.
  assert.equal(engine.partitionKeyOf(alone, event), '["db","10.0.0.1"]');
  assert.deepEqual(engine.inputFields(alone, ['failed']).sort(), ['host.name', 'source.ip', 'user.name']);
  assert.deepEqual(engine.listeners(['failed']).map((c) => c.meta.id).sort(), [first.meta.id, alone.meta.id].sort());
});

test('--partitions lists', () => {
  assert.deepEqual(parsePartitions('0-3'), [0, 1, 2, 3]);
  assert.deepEqual(parsePartitions('5, 1-2,5'), [1, 2, 5]);
  assert.throws(() => parsePartitions('3-1'));
  assert.throws(() => parsePartitions('x'));
});
