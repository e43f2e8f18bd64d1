// The online miner's promises: ids that never change as templates generalise, typed and named
// parameters, a snapshot that restores to the same behaviour, a memory bound, and bad input
// that is mined rather than thrown.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TemplateMiner } from '../../../src/parse/miner/miner.ts';

test('a template keeps its id while its text generalises', () => {
  const m = new TemplateMiner();
  const first = m.add('worker state=running on node-7', 0);
  assert.equal(first.template, 'worker state=running on node-<*>');
  const second = m.add('worker state=stopped on node-9', 0);
  assert.equal(second.templateId, first.templateId);
  assert.equal(second.template, 'worker state=<*> on node-<*>');
  const third = m.add('worker state=paused on node-1', 0);
  assert.equal(third.templateId, first.templateId);
  assert.equal(m.size, 1);
  assert.equal(m.templates()[0]?.count, 3);
});

test('different words mark different templates, many distinct words after `user` a variable', () => {
  const m = new TemplateMiner();
  const ok = m.add('Accepted password for root from 10.0.0.1 port 22 ssh2', 0);
  const bad = m.add('Failed password for root from 10.0.0.1 port 22 ssh2', 0);
  assert.notEqual(ok.templateId, bad.templateId);
  const a = m.add('session opened for user alice', 0);
  const b = m.add('session opened for user bob', 0);
  assert.equal(b.templateId, a.templateId);
  assert.equal(b.template, 'session opened for user <*>');
  assert.deepEqual(b.params, [{ name: 'user', type: 'user', value: 'bob' }]);
});

test('parameters are typed and named uniquely within their template', () => {
  const m = new TemplateMiner();
  const r = m.add('copy 10.0.0.1:8080 to 10.0.0.2 uid=0 path /var/log/x id 123e4567-e89b-12d3-a456-426614174000 via https://a.example.com/x mac 00:11:22:33:44:55 by a@b.example.com', 0);
  const byName = Object.fromEntries(r.params.map((p) => [p.name, [p.type, p.value]]));
  assert.deepEqual(byName, {
    ip: ['ip', '10.0.0.1'],
    port: ['port', '8080'],
    ip_2: ['ip', '10.0.0.2'],
    uid: ['number', '0'],
    path: ['path', '/var/log/x'],
    uuid: ['uuid', '123e4567-e89b-12d3-a456-426614174000'],
    url: ['url', 'https://a.example.com/x'],
    mac: ['mac', '00:11:22:33:44:55'],
    email: ['email', 'a@b.example.com'],
  });
  assert.equal(r.template.split('<*>').length - 1, r.params.length, 'one <*> per parameter');
  const t = m.add('login at Fri Jun 17 20:55:07 2005 from ns1.example.com port 443', 0);
  assert.deepEqual(
    t.params.map((p) => [p.name, p.type]),
    [['time', 'time'], ['host', 'host'], ['port', 'port']],
  );
});

test('snapshot and restore give the same assignments afterwards', () => {
  const lines: string[] = [];
  for (let i = 0; i < 300; i++) {
    lines.push(`conn ${i} from 10.0.${i % 7}.${i % 250} user u${i % 13} state ${['open', 'closed', 'reset'][i % 3]}`);
    lines.push(`disk /dev/sd${'abc'[i % 3]} at ${i}% full`);
    lines.push(`job-${i % 5} finished in ${i * 3} ms`);
  }
  const a = new TemplateMiner();
  for (const l of lines.slice(0, 600)) a.add(l, 1000);
  const b = TemplateMiner.restore(JSON.parse(JSON.stringify(a.snapshot())));
  assert.deepEqual(b.templates(), a.templates());
  for (const l of lines.slice(600)) assert.deepEqual(b.add(l, 2000), a.add(l, 2000));
  for (const l of lines) assert.deepEqual(b.match(l), a.match(l));
});

test('a damaged snapshot is a clear error', () => {
  assert.throws(() => TemplateMiner.restore({ version: 1, templates: 'nope' }));
  assert.throws(() => TemplateMiner.restore(null));
});

test('memory stays bounded under a flood of distinct lines, with counts kept', () => {
  const m = new TemplateMiner({ maxTemplates: 50 });
  let seed = 7;
  const word = () => {
    let w = '';
    for (let k = 0; k < 6; k++) {
      seed = (seed * 1103515245 + 12345) >>> 0;
      w += String.fromCharCode(97 + (seed % 26));
    }
    return w;
  };
  for (let i = 0; i < 3000; i++) m.add(`${word()} ${word()} ${word()} ${word()}`, i);
  for (let i = 0; i < 40; i++) m.add('heartbeat ok', 5000 + i);
  assert.ok(m.size <= 50, `live templates ${m.size}`);
  assert.ok(m.evictedTemplates().length <= 50);
  const heartbeat = m.templates().find((t) => t.template === 'heartbeat ok');
  assert.equal(heartbeat?.count, 40);
  const snap = JSON.stringify(m.snapshot());
  assert.ok(snap.length < 200_000, `snapshot ${snap.length} bytes`);
});

test('an evicted template that returns gets its id and count back', () => {
  const m = new TemplateMiner({ maxTemplates: 2 });
  const first = m.add('alpha beta gamma', 0);
  m.add('one two', 1);
  m.add('one two', 2);
  m.add('three four five six', 3); // over the bound: the rarer of the least recent goes
  assert.ok(m.evictedTemplates().some((t) => t.id === first.templateId && t.count === 1));
  assert.equal(m.size, 2);
  const back = m.add('alpha beta gamma', 5);
  assert.equal(back.templateId, first.templateId);
  assert.equal(m.templates().find((t) => t.id === first.templateId)?.count, 2);
});

test('match() assigns known templates without learning', () => {
  const m = new TemplateMiner();
  m.add('user alice logged in from 10.0.0.1', 0);
  m.add('user bob logged in from 10.0.0.2', 0);
  const before = JSON.stringify(m.snapshot());
  assert.equal(m.match('user carol logged in from 10.9.9.9')?.template, 'user <*> logged in from <*>');
  assert.equal(m.match('something else entirely'), null);
  assert.equal(JSON.stringify(m.snapshot()), before);
});

test('bad input is mined, never thrown', () => {
  const m = new TemplateMiner({ maxTokens: 100 });
  assert.equal(m.add('', 0).template, '');
  assert.equal(m.add('   \t ', 0).template, '');
  const huge = 'x1 '.repeat(3_500_000); // ~10 MB
  const big = m.add(huge, 0);
  assert.ok(big.template.split(' ').length <= 100);
  const oneToken = m.add('a'.repeat(10_000_000), 0);
  assert.equal(oneToken.template, '<*>');
  const invalid = new TextDecoder('utf-8').decode(Buffer.from([0x66, 0x6f, 0xff, 0xfe, 0x20, 0x31]));
  assert.match(m.add(invalid, 0).template, /\uFFFD/);
  assert.equal(m.add('unclosed "quote here 5', 0).params.length, 1);
});

test('when distinct words turn a slot into a variable, the merged ids resolve to the survivor', () => {
  const m = new TemplateMiner();
  const ids = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot'].map((w) => m.add(`job finished on shard ${w} today`, 0).templateId);
  const survivor = ids[0] as string;
  assert.equal(new Set(ids.slice(1, 4)).has(survivor), false, 'before enough words, each word is its own template');
  assert.equal(ids[5], survivor);
  for (const id of ids) assert.equal(m.resolveId(id), survivor);
  assert.equal(m.templates().length, 1);
  assert.equal(m.templates()[0]?.template, 'job finished on shard <*> today');
  assert.equal(m.templates()[0]?.count, 6);
  const restored = TemplateMiner.restore(JSON.parse(JSON.stringify(m.snapshot())));
  assert.equal(restored.resolveId(ids[2] as string), survivor);
});
