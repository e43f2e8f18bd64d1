// Loading: typed model, multi-document files, file:line errors, one bad rule never stops the rest.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadRuleText } from '../../../src/detect/sigma/loader.ts';

const good = (id: string) => `title: Rule ${id}\nid: ${id}\nauthor: Someone\ntags: [attack.t1110]\nlogsource: {product: linux}\ndetection:\n  sel:\n    A: 1\n  condition: sel\nlevel: high\n`;

test('a multi-document file loads every document with its metadata', () => {
  const r = loadRuleText(`${good('a')}---\n${good('b')}`, 'multi.yml');
  assert.equal(r.errors.length, 0);
  assert.deepEqual(r.documents.map((d) => d.meta.id), ['a', 'b']);
  const d = r.documents[1];
  assert.equal(d?.kind, 'rule');
  assert.equal(d?.meta.author, 'Someone');
  assert.equal(d?.meta.level, 'high');
  assert.deepEqual(d?.meta.tags, ['attack.t1110']);
  assert.equal(d?.source.line, 12);
});

test('a bad document is reported with file and line; the others still load', () => {
  const bad = `title: Bad\nid: bad\nlogsource: {product: linux}\ndetection:\n  sel:\n    A:\n      nested: map\n  condition: sel\n`;
  const r = loadRuleText(`${good('a')}---\n${bad}---\n${good('c')}`, 'mixed.yml');
  assert.deepEqual(r.documents.map((d) => d.meta.id), ['a', 'c']);
  assert.equal(r.errors.length, 1);
  assert.match(String(r.errors[0]), /^mixed\.yml:17: field 'A': a value must be a plain value or a list of them, not a map/);
});

test('YAML syntax errors, missing title, bad level and missing condition are located', () => {
  assert.match(String(loadRuleText('title: x\ndetection: [unclosed\n', 'y.yml').errors[0]), /^y\.yml:\d+: YAML error/);
  assert.match(String(loadRuleText('id: x\nlogsource: {}\ndetection:\n  s: {A: 1}\n  condition: s\n', 'y.yml').errors[0]), /^y\.yml:1: title: /);
  assert.match(String(loadRuleText(good('a').replace('level: high', 'level: severe'), 'y.yml').errors[0]), /^y\.yml:10: level: /);
  assert.match(String(loadRuleText('title: x\nlogsource: {}\ndetection:\n  s: {A: 1}\n', 'y.yml').errors[0]), /^y\.yml:3: detection has no 'condition'/);
  assert.match(String(loadRuleText('title: x\nlogsource: {}\ndetection:\n  s: {A: 1}\n  s: {B: 1}\n  condition: s\n', 'y.yml').errors[0]), /Map keys must be unique/);
});

test('correlation documents are typed; timespan and condition are validated', () => {
  const corr = `title: C\nid: c\ncorrelation:\n  type: event_count\n  rules: [a]\n  group-by: [User]\n  timespan: 90m\n  condition:\n    gt: 100\n    lte: 200\n`;
  const r = loadRuleText(corr, 'c.yml');
  const c = r.documents[0];
  assert.equal(c?.kind, 'correlation');
  if (c?.kind !== 'correlation') return;
  assert.equal(c.timespanMs, 90 * 60_000);
  assert.deepEqual(c.condition, { gt: 100, lte: 200 });
  assert.match(String(loadRuleText(corr.replace('90m', '90 minutes'), 'c.yml').errors[0]), /timespan "90 minutes"/);
  assert.match(String(loadRuleText(corr.replace('event_count', 'value_count'), 'c.yml').errors[0]), /needs condition.field/);
  assert.match(String(loadRuleText(corr.replace('event_count', 'value_max'), 'c.yml').errors[0]), /correlation\.type/);
});

test('old-style aggregation becomes a silent search rule plus a correlation with the original id', () => {
  const old = `title: Brute\nid: old\nauthor: A\nlogsource: {product: linux, service: sshd}\ndetection:\n  sel:\n    msg: failed\n  timeframe: 10m\n  condition: sel | count(user) by src_ip > 3\n`;
  const r = loadRuleText(old, 'old.yml');
  assert.equal(r.errors.length, 0);
  const [search, corr] = r.documents;
  assert.equal(search?.kind, 'rule');
  assert.equal(search?.meta.id, 'old#search');
  assert.equal(corr?.kind, 'correlation');
  if (corr?.kind !== 'correlation') return;
  assert.equal(corr.meta.id, 'old');
  assert.equal(corr.meta.author, 'A');
  assert.equal(corr.type, 'value_count');
  assert.deepEqual(corr.groupBy, ['src_ip']);
  assert.deepEqual(corr.condition, { gt: 3, field: 'user' });
  assert.equal(corr.timespanMs, 600_000);
  const near = loadRuleText(old.replace('sel | count(user) by src_ip > 3', 'sel | near sel'), 'old.yml');
  assert.equal(near.documents.at(-1)?.kind === 'correlation' && near.documents.at(-1)?.kind, 'correlation');
  assert.match(String(loadRuleText(old.replace('count(user)', 'min(user)'), 'old.yml').errors[0]), /min\(\) has no correlation equivalent/);
});

test('Sigma 1.0 rule collections (action: global) are refused with a clear reason', () => {
  assert.match(String(loadRuleText('action: global\ntitle: x\n', 'g.yml').errors[0]), /action/);
});

test('filters are typed with the rules they apply to', () => {
  const f = `title: F\nlogsource: {product: linux}\nfilter:\n  rules: [a, b]\n  selection:\n    User|startswith: adm_\n  condition: selection\n`;
  const d = loadRuleText(f, 'f.yml').documents[0];
  assert.equal(d?.kind, 'filter');
  if (d?.kind === 'filter') assert.deepEqual(d.rules, ['a', 'b']);
});

test('oversized values are refused', () => {
  const big = good('a').replace('A: 1', `A: '${'x'.repeat(20_000)}'`);
  assert.match(String(loadRuleText(big, 'b.yml').errors[0]), /longer than/);
});
