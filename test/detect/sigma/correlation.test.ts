// Correlations: all seven types, conditions and ranges, group-by, aliases, chains, generate,
// old-style aggregation, and state that survives a restart (SQLite).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DetectionEngine } from '../../../src/detect/sigma/engine.ts';
import { SqliteCorrelationStateStore } from '../../../src/detect/sigma/correlation-state-sqlite.ts';
import type { Alert } from '../../../src/detect/sigma/alert.ts';
import type { CorrelationStateStore } from '../../../src/detect/sigma/correlation-state.ts';
import { rulesetOf, event } from './helpers.ts';

const base = (name: string, sel: string) => `title: ${name}\nid: id-${name}\nname: ${name}\nlogsource: {product: test}\ndetection:\n  sel:\n    ${sel}\n  condition: sel\n`;
const corr = (body: string, extra = '') => `title: Corr\nid: corr\nauthor: Tester\n${extra}correlation:\n${body
  .trim()
  .split('\n')
  .map((l) => `  ${l}`)
  .join('\n')}\n`;

const MIN = 60_000;

function run(yaml: string, events: { f: Record<string, unknown>; t: number }[], state?: CorrelationStateStore): Alert[] {
  const engine = new DetectionEngine(rulesetOf(yaml), { tenant: 'default', state });
  const out: Alert[] = [];
  events.forEach((e, i) => out.push(...engine.process(event(e.f, undefined, e.t, i + 1))));
  out.push(...engine.flush());
  return out;
}
const corrAlerts = (alerts: Alert[]) => alerts.filter((a) => a.kind === 'correlation');

test('event_count: fires when the count in a sliding window reaches the condition, per group', () => {
  const yaml = `${base('fail', 'action: fail')}---\n${corr('type: event_count\nrules: [fail]\ngroup-by: [user]\ntimespan: 5m\ncondition:\n  gte: 3')}`;
  const a = run(yaml, [
    { f: { action: 'fail', user: 'bob' }, t: 0 },
    { f: { action: 'fail', user: 'eve' }, t: 1000 },
    { f: { action: 'fail', user: 'bob' }, t: 2 * MIN },
    { f: { action: 'ok', user: 'bob' }, t: 3 * MIN },
    { f: { action: 'fail', user: 'bob' }, t: 4 * MIN },
  ]);
  assert.equal(a.length, 1, 'the referred rule alone does not alert');
  assert.equal(a[0]?.rule.id, 'corr');
  assert.equal(a[0]?.rule.author, 'Tester');
  assert.deepEqual(a[0]?.input.lines, [1, 3, 5]);
  assert.deepEqual(a[0]?.group, { user: 'bob' });
  // The same three events spread over more than the timespan do not fire.
  const spread = run(yaml, [0, 3, 6].map((m) => ({ f: { action: 'fail', user: 'bob' }, t: m * MIN })));
  assert.equal(corrAlerts(spread).length, 0);
});

test('value_count: distinct values of a field per group', () => {
  const yaml = `${base('fail', 'action: fail')}---\n${corr('type: value_count\nrules: [fail]\ngroup-by: [src]\ntimespan: 10m\ncondition:\n  field: user\n  gt: 2')}`;
  const ev = (user: string, t: number) => ({ f: { action: 'fail', src: '1.2.3.4', user }, t });
  assert.equal(corrAlerts(run(yaml, [ev('a', 0), ev('a', 1), ev('b', 2), ev('b', 3)])).length, 0);
  const a = corrAlerts(run(yaml, [ev('a', 0), ev('a', 1), ev('b', 2), ev('c', 3)]));
  assert.equal(a.length, 1);
  assert.equal(a[0]?.correlation?.value, 3);
});

test('temporal: all referred rules within the timespan, in any order', () => {
  const yaml = `${base('a', 'cmd: whoami')}---\n${base('b', 'cmd: ipconfig')}---\n${corr('type: temporal\nrules: [a, b]\ngroup-by: [host]\ntimespan: 5m')}`;
  assert.equal(corrAlerts(run(yaml, [{ f: { cmd: 'ipconfig', host: 'h1' }, t: 0 }, { f: { cmd: 'whoami', host: 'h1' }, t: MIN }])).length, 1);
  assert.equal(corrAlerts(run(yaml, [{ f: { cmd: 'ipconfig', host: 'h1' }, t: 0 }, { f: { cmd: 'whoami', host: 'h2' }, t: MIN }])).length, 0);
  assert.equal(corrAlerts(run(yaml, [{ f: { cmd: 'ipconfig', host: 'h1' }, t: 0 }, { f: { cmd: 'whoami', host: 'h1' }, t: 6 * MIN }])).length, 0);
});

test('temporal_ordered: the referred rules must appear in the listed order', () => {
  const yaml = `${base('a', 'cmd: whoami')}---\n${base('b', 'cmd: ipconfig')}---\n${corr('type: temporal_ordered\nrules: [a, b]\ngroup-by: [host]\ntimespan: 5m')}`;
  assert.equal(corrAlerts(run(yaml, [{ f: { cmd: 'ipconfig', host: 'h' }, t: 0 }, { f: { cmd: 'whoami', host: 'h' }, t: MIN }])).length, 0);
  assert.equal(corrAlerts(run(yaml, [{ f: { cmd: 'whoami', host: 'h' }, t: 0 }, { f: { cmd: 'ipconfig', host: 'h' }, t: MIN }])).length, 1);
});

test('value_sum and value_avg over a numeric field', () => {
  const sum = `${base('up', 'dir: out')}---\n${corr('type: value_sum\nrules: [up]\ngroup-by: [src]\ntimespan: 1h\ncondition:\n  field: bytes\n  gt: 1000')}`;
  const ev = (bytes: number, t: number) => ({ f: { dir: 'out', src: 'h', bytes }, t });
  assert.equal(corrAlerts(run(sum, [ev(400, 0), ev(500, 1)])).length, 0);
  assert.equal(corrAlerts(run(sum, [ev(400, 0), ev(500, 1), ev(200, 2)]))[0]?.correlation?.value, 1100);
  const avg = sum.replace('value_sum', 'value_avg').replace('gt: 1000', 'gt: 500');
  assert.equal(corrAlerts(run(avg, [ev(400, 0), ev(500, 1)])).length, 0);
  assert.equal(corrAlerts(run(avg, [ev(400, 0), ev(900, 1)])).length, 1);
});

test('value_percentile: a value rarer than the threshold (percent of the window) fires', () => {
  const yaml = `${base('proc', 'kind: exec')}---\n${corr('type: value_percentile\nrules: [proc]\ngroup-by: [host]\ntimespan: 24h\ncondition:\n  field: image\n  lte: 10')}`;
  const evs = Array.from({ length: 20 }, (_, i) => ({ f: { kind: 'exec', host: 'h', image: 'bash' }, t: i }));
  assert.equal(corrAlerts(run(yaml, evs)).length, 0, 'a common value never fires');
  const a = corrAlerts(run(yaml, [...evs, { f: { kind: 'exec', host: 'h', image: 'nc' }, t: 100 }]));
  assert.equal(a.length, 1);
  assert.ok((a[0]?.correlation?.value ?? 100) <= 10);
});

test('bounded conditions (lt, ranges) are judged when the window closes', () => {
  const yaml = `${base('beat', 'kind: heartbeat')}---\n${corr('type: event_count\nrules: [beat]\ngroup-by: [host]\ntimespan: 10m\ncondition:\n  lt: 3')}`;
  const a = corrAlerts(run(yaml, [
    { f: { kind: 'heartbeat', host: 'quiet' }, t: 0 },
    ...[0, 1, 2, 3].map((i) => ({ f: { kind: 'heartbeat', host: 'busy' }, t: i * MIN })),
  ]));
  assert.deepEqual(a.map((x) => x.group?.host), ['quiet']);
  const range = yaml.replace('lt: 3', 'gt: 1\n    lte: 3');
  const r = corrAlerts(run(range, [0, 1, 2].map((i) => ({ f: { kind: 'heartbeat', host: 'h' }, t: i * MIN }))));
  assert.equal(r.length, 1);
  assert.equal(r[0]?.correlation?.value, 3);
});

test('aliases group events of different rules by different fields', () => {
  const yaml = `${base('err', 'status: 500')}---\n${base('conn', 'kind: conn')}---\n${corr(`type: temporal\nrules: [err, conn]\ngroup-by: [internal_ip]\ntimespan: 10s\naliases:\n  internal_ip:\n    err: destination.ip\n    conn: source.ip`)}`;
  assert.equal(corrAlerts(run(yaml, [{ f: { status: 500, destination: { ip: '10.0.0.1' } }, t: 0 }, { f: { kind: 'conn', source: { ip: '10.0.0.1' } }, t: 1000 }])).length, 1);
  assert.equal(corrAlerts(run(yaml, [{ f: { status: 500, destination: { ip: '10.0.0.1' } }, t: 0 }, { f: { kind: 'conn', source: { ip: '10.0.0.2' } }, t: 1000 }])).length, 0);
});

test('chains: a correlation over a correlation (many failures, then a success); only the outermost alerts', () => {
  const yaml = [
    base('failed_login', 'action: fail'),
    base('successful_login', 'action: ok'),
    `title: Many failures\nid: many\nname: many_failed\ncorrelation:\n  type: event_count\n  rules: [failed_login]\n  group-by: [user]\n  timespan: 10m\n  condition:\n    gte: 3\n`,
    corr('type: temporal_ordered\nrules: [many_failed, successful_login]\ngroup-by: [user]\ntimespan: 10m'),
  ].join('---\n');
  const ev = (action: string, t: number) => ({ f: { action, user: 'bob' }, t });
  const a = run(yaml, [ev('fail', 0), ev('fail', 1000), ev('fail', 2000), ev('ok', 3000)]);
  assert.deepEqual(a.map((x) => x.rule.id), ['corr']);
  assert.deepEqual(a[0]?.input.lines, [1, 2, 3, 4]);
  assert.equal(run(yaml, [ev('ok', 0), ev('fail', 1000), ev('fail', 2000), ev('fail', 3000)]).length, 0);
});

test('generate: true lets the referred rules alert on their own too', () => {
  const yaml = `${base('fail', 'action: fail')}---\n${corr('type: event_count\nrules: [fail]\ngroup-by: [user]\ntimespan: 5m\ngenerate: true\ncondition:\n  gte: 2')}`;
  const a = run(yaml, [{ f: { action: 'fail', user: 'b' }, t: 0 }, { f: { action: 'fail', user: 'b' }, t: 1 }]);
  assert.deepEqual(a.map((x) => x.kind), ['rule', 'rule', 'correlation']);
});

test('old-style aggregation rules fire like the correlation they translate to', () => {
  const yaml = `title: Brute\nid: brute\nauthor: A\nlogsource: {product: test}\ndetection:\n  sel:\n    action: fail\n  timeframe: 5m\n  condition: sel | count() by src > 2\n`;
  const a = run(yaml, [0, 1, 2].map((t) => ({ f: { action: 'fail', src: 'x' }, t })));
  assert.deepEqual(a.map((x) => [x.rule.id, x.kind]), [['brute', 'correlation']]);
});

test('correlation state survives a restart (SQLite snapshot)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sigma-state-'));
  try {
    const yaml = `${base('fail', 'action: fail')}---\n${corr('type: event_count\nrules: [fail]\ngroup-by: [user]\ntimespan: 5m\ncondition:\n  gte: 3')}`;
    const file = join(dir, 'state.db');
    const first = new SqliteCorrelationStateStore(file);
    const e1 = new DetectionEngine(rulesetOf(yaml), { tenant: 't1', state: first });
    e1.process(event({ action: 'fail', user: 'bob' }, undefined, 0, 1));
    e1.process(event({ action: 'fail', user: 'bob' }, undefined, 1000, 2));
    e1.saveState();
    first.close();
    const second = new SqliteCorrelationStateStore(file);
    const e2 = new DetectionEngine(rulesetOf(yaml), { tenant: 't1', state: second });
    const a = e2.process(event({ action: 'fail', user: 'bob' }, undefined, 2000, 3));
    assert.equal(a.length, 1);
    assert.deepEqual(a[0]?.input.lines, [1, 2, 3]);
    // Another tenant's state is its own.
    const e3 = new DetectionEngine(rulesetOf(yaml), { tenant: 't2', state: second });
    assert.equal(e3.process(event({ action: 'fail', user: 'bob' }, undefined, 2000, 3)).length, 0);
    second.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('group keys: the JSON of the group-by values; values that would join alike stay in separate groups', () => {
  const yaml = `${base('fail', 'action: fail')}---\n${corr('type: event_count\nrules: [fail]\ngroup-by: [a, b]\ntimespan: 5m\ncondition:\n  gte: 2')}`;
  const ev = (a: string, b: string, t: number) => ({ f: { action: 'fail', a, b }, t });
  // Joined without care (concatenated, or with a NUL between), these pairs would share a text.
  assert.equal(corrAlerts(run(yaml, [ev('x', 'yz', 0), ev('xy', 'z', 1), ev('x\u0000', 'y', 2), ev('x', '\u0000y', 3)])).length, 0);
  const a = corrAlerts(run(yaml, [ev('x', 'yz', 0), ev('q', 'r', 1), ev('x', 'yz', 2)]));
  assert.equal(a.length, 1);
  assert.equal(a[0]?.groupKey, JSON.stringify(['x', 'yz']));
  assert.deepEqual(a[0]?.group, { a: 'x', b: 'yz' });
});
