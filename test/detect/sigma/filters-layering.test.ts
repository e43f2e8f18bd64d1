// Meta filters, global/tenant layering (override by id, disable, tenant filters and lists),
// field mappings per log source, throttling and the alert stores.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildLayeredRuleset } from '../../../src/detect/sigma/layering.ts';
import { DetectionEngine } from '../../../src/detect/sigma/engine.ts';
import { MemoryAlertSink } from '../../../src/detect/sigma/alert-sink.ts';
import { SqliteAlertSink } from '../../../src/detect/sigma/alert-store-sqlite.ts';
import { rulesetOf, event } from './helpers.ts';

const rule = (id: string, title: string, sel: string, ls = '{product: test}') => `title: ${title}\nid: ${id}\nauthor: Global Author\nlogsource: ${ls}\ndetection:\n  sel:\n    ${sel}\n  condition: sel\nlevel: high\n`;

test('a meta filter silences known-good matches of the rules it names, and only those', () => {
  const yaml = [
    rule('r1', 'Admin tool', "Image|endswith: '/rar'"),
    rule('r2', 'Other', "Image|endswith: '/rar'"),
    `title: Filter admin accounts\nlogsource: {product: test}\nfilter:\n  rules: [r1]\n  selection:\n    User|startswith: 'adm_'\n  condition: selection\n`,
  ].join('---\n');
  const rs = rulesetOf(yaml);
  const ids = (fields: Record<string, unknown>) => rs.match(event(fields)).map((r) => r.rule.meta.id);
  assert.deepEqual(ids({ Image: '/usr/bin/rar', User: 'adm_bob' }), ['r2']);
  assert.deepEqual(ids({ Image: '/usr/bin/rar', User: 'bob' }), ['r1', 'r2']);
});

function tenantSetup(): { dir: string; globalRules: string; dataDir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'sigma-layers-'));
  const globalRules = join(dir, 'global');
  const dataDir = join(dir, 'data');
  mkdirSync(globalRules);
  writeFileSync(join(globalRules, 'a.yml'), rule('g1', 'Global one', "cmd|contains: 'whoami'"));
  writeFileSync(join(globalRules, 'b.yml'), rule('g2', 'Global two', "cmd|contains: 'ipconfig'"));
  writeFileSync(join(globalRules, 'c.yml'), rule('g3', 'Admin login', "user|expand: '%Admins%'"));
  const t = join(dataDir, 'tenants', 'acme');
  mkdirSync(join(t, 'rules'), { recursive: true });
  mkdirSync(join(t, 'filters'), { recursive: true });
  mkdirSync(join(t, 'lists'), { recursive: true });
  // Override g1 by id (narrower), disable g2, add a rule, a filter and the Admins list.
  writeFileSync(join(t, 'rules', 'override.yml'), rule('g1', 'Global one (acme)', "cmd|contains: 'whoami /all'"));
  writeFileSync(join(t, 'rules', 'local.yml'), rule('t1', 'Acme only', "cmd|contains: 'acme-secret'"));
  writeFileSync(join(t, 'rules', '_layer.yml'), 'disabled: [g2, nope]\n');
  writeFileSync(join(t, 'filters', 'backup.yml'), `title: Backup host is fine\nlogsource: {product: test}\nfilter:\n  rules: [t1]\n  selection:\n    host: backup01\n  condition: selection\n`);
  writeFileSync(join(t, 'lists', 'Admins.yml'), '- root\n- adm_*\n');
  return { dir, globalRules, dataDir };
}

test('a tenant layer overrides a global rule by id, disables one, adds rules, filters and lists', () => {
  const { dir, globalRules, dataDir } = tenantSetup();
  try {
    const acme = buildLayeredRuleset({ globalRuleDirs: [globalRules], noBuiltinRules: true, dataDir, tenant: 'acme' });
    assert.deepEqual(acme.errors.map(String), []);
    assert.deepEqual(acme.disabled, [{ id: 'g2', layer: 'tenant:acme' }]);
    assert.deepEqual(acme.unknownDisabled, [{ id: 'nope', layer: 'tenant:acme' }]);
    assert.equal(acme.layerOf('g1'), 'tenant:acme');
    const ids = (fields: Record<string, unknown>) => acme.ruleset.match(event(fields)).map((r) => r.rule.meta.id);
    assert.deepEqual(ids({ cmd: 'whoami' }), [], 'the override is narrower');
    assert.deepEqual(ids({ cmd: 'whoami /all' }), ['g1']);
    assert.deepEqual(ids({ cmd: 'ipconfig' }), [], 'disabled');
    assert.deepEqual(ids({ cmd: 'acme-secret', host: 'web1' }), ['t1']);
    assert.deepEqual(ids({ cmd: 'acme-secret', host: 'backup01' }), [], 'filtered');
    assert.deepEqual(ids({ user: 'adm_x' }), ['g3'], 'placeholder from the tenant list');
    // Another tenant (no layer) sees the global rules as shipped; the placeholder rule has no list there.
    const other = buildLayeredRuleset({ globalRuleDirs: [globalRules], noBuiltinRules: true, dataDir, tenant: 'other' });
    const otherIds = (fields: Record<string, unknown>) => other.ruleset.match(event(fields)).map((r) => r.rule.meta.id);
    assert.deepEqual(otherIds({ cmd: 'whoami' }), ['g1']);
    assert.deepEqual(otherIds({ cmd: 'ipconfig' }), ['g2']);
    assert.deepEqual(otherIds({ cmd: 'acme-secret' }), []);
    assert.match(other.errors.map(String).join('\n'), /c\.yml:\d+: .*placeholder %Admins% has no list/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('rules reload without a restart: rebuilding the layered ruleset picks up edited files', () => {
  const { dir, globalRules, dataDir } = tenantSetup();
  try {
    const before = buildLayeredRuleset({ globalRuleDirs: [globalRules], noBuiltinRules: true, dataDir, tenant: 'acme' });
    writeFileSync(join(dataDir, 'tenants', 'acme', 'rules', '_layer.yml'), 'disabled: []\n');
    const after = buildLayeredRuleset({ globalRuleDirs: [globalRules], noBuiltinRules: true, dataDir, tenant: 'acme' });
    assert.equal(before.ruleset.match(event({ cmd: 'ipconfig' })).length, 0);
    assert.equal(after.ruleset.match(event({ cmd: 'ipconfig' })).length, 1);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('field mappings let a Sigma field name reach our field for rules of that log source only', () => {
  const yaml = [rule('w', 'Web', "cs-method: POST", '{category: webserver}'), rule('x', 'Other', "cs-method: POST", '{product: other}')].join('---\n');
  const rs = rulesetOf(yaml, { mappings: [{ id: 'web', logsource: { category: 'webserver' }, fields: { 'cs-method': ['http.request.method'] }, prefixes: [], leafFallback: false }] });
  assert.deepEqual(rs.match(event({ http: { request: { method: 'POST' } } })).map((r) => r.rule.meta.id), ['w']);
});

test('log sources select events: a classified event only meets the rules of its log source', () => {
  const yaml = [rule('s', 'sshd rule', 'msg: x', '{product: linux, service: sshd}'), rule('a', 'aws rule', 'msg: x', '{product: aws}')].join('---\n');
  const rs = rulesetOf(yaml, { mappings: [{ id: 'sshd', logsource: { product: 'linux', service: 'sshd' }, classify: { parser: ['sshd'] }, fields: {}, prefixes: [], leafFallback: false }] });
  const e = { ...event({ msg: 'x' }), parser: 'sshd' };
  assert.deepEqual(rs.match(e).map((r) => r.rule.meta.id), ['s']);
  // An unclassified event (JSON as it is) is seen by every rule.
  assert.deepEqual(rs.match(event({ msg: 'x' })).map((r) => r.rule.meta.id), ['s', 'a']);
});

test('throttling folds repeats of a rule into the first alert within the window', () => {
  const rs = rulesetOf(rule('r', 'Noisy', 'msg: x'));
  const sink = new MemoryAlertSink();
  const engine = new DetectionEngine(rs, { tenant: 't', throttleMs: 60_000, sink });
  const emitted = [0, 10_000, 20_000, 70_000].flatMap((t, i) => engine.process(event({ msg: 'x' }, undefined, t, i + 1)));
  assert.equal(emitted.length, 2);
  assert.equal(sink.alerts[0]?.repeats, 2);
  assert.equal(sink.alerts[1]?.repeats, 0);
});

test('alerts keep the rule author and metadata and are stored per tenant in SQLite', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sigma-alerts-'));
  try {
    const sink = new SqliteAlertSink(join(dir, 'alerts.db'));
    const rs = rulesetOf(rule('r', 'Stored', 'msg: x'));
    new DetectionEngine(rs, { tenant: 'acme', sink }).process(event({ msg: 'x' }, undefined, 5, 7));
    new DetectionEngine(rs, { tenant: 'other', sink }).process(event({ msg: 'x' }, undefined, 6, 8));
    const acme = sink.list({ tenant: 'acme' });
    assert.equal(acme.length, 1);
    assert.equal(acme[0]?.rule.author, 'Global Author');
    assert.equal(acme[0]?.rule.level, 'high');
    assert.equal(acme[0]?.input.line, 7);
    assert.deepEqual(acme[0]?.events, [{ msg: 'x' }]);
    assert.equal(sink.list({ tenant: 'other' })[0]?.input.line, 8);
    assert.equal(sink.list({ tenant: 'nobody' }).length, 0);
    sink.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
