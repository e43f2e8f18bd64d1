// YAML-defined parsers: validation with file:line, re2js patterns, the template form, and the
// global/tenant layering (override by name, tenant first, disable), on real directories.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createParserSet, loadParserText, templateToParserYaml, compileTemplate } from '../../../src/parse/index.ts';
import { NOW } from './helpers.ts';

/** Temp roots of this file's tests, removed when they are done. */
const roots: string[] = [];
after(() => {
  for (const r of roots) rmSync(r, { recursive: true, force: true });
});

function dirs(): { global: string; data: string; tenantDir: (t: string) => string } {
  const root = mkdtempSync(join(tmpdir(), 'stegosoc-parsers-'));
  roots.push(root);
  const global = join(root, 'global');
  mkdirSync(global);
  const data = join(root, 'data');
  const tenantDir = (t: string) => {
    const d = join(data, 'tenants', t, 'parsers');
    mkdirSync(d, { recursive: true });
    return d;
  };
  return { global, data, tenantDir };
}

const ctx = (tenant: string) => ({ tenant, source: 'unit', now: NOW });

test('a bad definition is reported with file:line and reason; the good ones load', () => {
  const text = [
    'parsers:',
    '  - name: good_one',
    '    pattern: "^OK (?P<user__name>\\\\S+)$"',
    '  - name: bad_regex',
    '    pattern: "^(a)\\\\1$"',
    '  - name: two_forms',
    '    pattern: "x"',
    '    template: "y <user.name>"',
    '  - name: typo_key',
    '    patern: "x"',
    '  - name: bad_field',
    '    template: "z <not a field>"',
    '    fields: { g: "has space" }',
  ].join('\n');
  const r = loadParserText(text, 'p.yaml');
  assert.deepEqual(r.parsers.map((p) => p.name), ['good_one']);
  const msgs = r.errors.map(String);
  assert.equal(msgs.length, 4, msgs.join('\n'));
  assert.match(msgs[0] as string, /^p\.yaml:4: parser "bad_regex" invalid: /);
  assert.match(msgs[1] as string, /^p\.yaml:6: .*exactly one of "pattern" or "template"/);
  assert.match(msgs[2] as string, /^p\.yaml:9: .*patern/);
  assert.match(msgs[3] as string, /^p\.yaml:11: /);
  const yamlError = loadParserText('parsers:\n  - name: x\n   bad: [', 'q.yaml');
  assert.equal(yamlError.parsers.length, 0);
  assert.match(String(yamlError.errors[0]), /^q\.yaml:\d+: invalid YAML/);
});

test('pattern parser: named groups to fields (__ is a dot), constants, numbers', () => {
  const { global } = dirs();
  writeFileSync(join(global, 'app.yaml'), [
    '- name: app_login',
    '  prefix: "APP "',
    '  pattern: "^APP login user=(?P<user__name>\\\\S+) ip=(?P<ip>\\\\S+) port=(?P<source__port>\\\\d+)$"',
    '  fields: { ip: source.ip }',
    '  set: { event.action: app_login, event.outcome: success }',
  ].join('\n'));
  const set = createParserSet({ tenant: 'default', globalDir: global });
  assert.deepEqual(set.errors, []);
  const r = set.parse('APP login user=kate ip=192.0.2.3 port=7001', ctx('default'));
  assert.ok(r);
  assert.deepEqual([r.parser, r.fields['user.name'], r.fields['source.ip'], r.fields['source.port'], r.fields['event.action']], ['app_login', 'kate', '192.0.2.3', 7001, 'app_login']);
  assert.equal(set.parse('APP something else', ctx('default')), null);
});

test('template form: one token per slot, the last slot takes the rest, program scope', () => {
  const { global } = dirs();
  writeFileSync(join(global, 't.yaml'), [
    'parsers:',
    '  - name: vpn_login',
    '    program: vpnd',
    '    template: "login <user.name> from <source.ip> port <source.port> reason <event.reason>"',
    '    set: { event.action: vpn_login }',
  ].join('\n'));
  const set = createParserSet({ tenant: 'default', globalDir: global });
  const r = set.parse('Nov 28 10:00:00 gw vpnd[7]: login liam from 192.0.2.4 port 1194 reason token ok', ctx('default'));
  assert.ok(r);
  assert.deepEqual([r.parser, r.fields['host.name'], r.fields['user.name'], r.fields['source.ip'], r.fields['source.port'], r.fields['event.reason']], ['vpn_login', 'gw', 'liam', '192.0.2.4', 1194, 'token ok']);
  // Another program's identical message is not this parser's.
  assert.equal(set.parse('Nov 28 10:00:00 gw other[7]: login liam from 192.0.2.4 port 1194 reason x', ctx('default'))?.parser, 'syslog');
  assert.equal(compileTemplate('a \\<b> <x>').pattern, '^a\\s+<b>\\s+(?P<s1>.*)$');
});

test('layers: tenant overrides by name, adds parsers tried first, disables, and stays its own', () => {
  const { global, data, tenantDir } = dirs();
  writeFileSync(join(global, 'g.yaml'), [
    '- name: shop_order',
    '  prefix: "ORDER "',
    '  template: "ORDER <json.order_id> by <user.name>"',
    '  set: { event.action: order_placed }',
    '- name: shop_any_999',
    '  prefix: "ORDER 999 "',
    '  template: "ORDER 999 by <user.name>"',
    '  set: { event.action: global_999 }',
    '  priority: 100',
  ].join('\n'));
  writeFileSync(join(tenantDir('acme'), 'a.yaml'), [
    'parsers:',
    '  - name: shop_order',
    '    prefix: "ORDER "',
    '    template: "ORDER <json.order_id> by <user.name>"',
    '    set: { event.action: acme_order }',
    '  - name: acme_catch_all',
    '    prefix: "ORDER 999 "',
    '    template: "ORDER 999 by <user.name>"',
    '    set: { event.action: acme_special }',
    '    priority: 5',
    '  - name: sshd',
    '    program: sshd',
    '    template: "Accepted <*> for <user.name> from <source.ip> port <source.port> <*>"',
    '    set: { event.action: acme_ssh }',
    'disabled: [kv, no_such_parser]',
  ].join('\n'));
  const acme = createParserSet({ tenant: 'acme', dataDir: data, globalDir: global });
  const other = createParserSet({ tenant: 'other', dataDir: data, globalDir: global });
  assert.deepEqual(acme.errors, []);
  assert.equal(acme.parse('ORDER 17 by nina', ctx('acme'))?.fields['event.action'], 'acme_order');
  assert.equal(other.parse('ORDER 17 by nina', ctx('other'))?.fields['event.action'], 'order_placed');
  // The tenant's parsers come before the global ones whatever their priority; within a layer,
  // higher priority first.
  assert.equal(acme.parse('ORDER 999 by nina', ctx('acme'))?.fields['event.action'], 'acme_special');
  assert.equal(other.parse('ORDER 999 by nina', ctx('other'))?.fields['event.action'], 'global_999');
  // Overriding a built-in by name: the tenant's sshd reads sshd messages.
  const ssh = acme.parse('Nov 28 10:00:00 h sshd[1]: Accepted password for olga from 192.0.2.9 port 22 ssh2', ctx('acme'));
  assert.deepEqual([ssh?.parser, ssh?.fields['event.action'], ssh?.fields['user.name']], ['sshd', 'acme_ssh', 'olga']);
  assert.equal(other.parse('Nov 28 10:00:00 h sshd[1]: Accepted password for olga from 192.0.2.9 port 22 ssh2', ctx('other'))?.fields['event.action'], 'ssh_login');
  // Disabled for acme only.
  const kvLine = 'srcip=192.0.2.1 dstip=192.0.2.2 action=allow';
  assert.equal(acme.parse(kvLine, ctx('acme')), null);
  assert.equal(other.parse(kvLine, ctx('other'))?.parser, 'kv');
  assert.deepEqual(acme.unknownDisabled, [{ id: 'no_such_parser', layer: 'tenant:acme' }]);
  const info = acme.parsers.find((p) => p.name === 'shop_order');
  assert.deepEqual([info?.layer, info?.overrides], ['tenant:acme', ['global']]);
});

test('templateToParserYaml: a mined template becomes a loadable parser', () => {
  const yaml = templateToParserYaml('mined_db_auth', 'db auth failed for <*> from <*> after <*> tries', ['user.name', 'source.ip', '*'], { program: 'dbd', set: { 'event.action': 'db_login', 'event.outcome': 'failure' } });
  const loaded = loadParserText(yaml, 'mined.yaml');
  assert.deepEqual(loaded.errors, []);
  const { global } = dirs();
  writeFileSync(join(global, 'mined.yaml'), yaml);
  const set = createParserSet({ tenant: 'default', globalDir: global });
  const r = set.parse('Nov 28 10:00:00 db1 dbd[3]: db auth failed for root from 192.0.2.10 after 5 tries', ctx('default'));
  assert.deepEqual([r?.parser, r?.fields['user.name'], r?.fields['source.ip'], r?.fields['event.action']], ['mined_db_auth', 'root', '192.0.2.10', 'db_login']);
  assert.throws(() => templateToParserYaml('x', 'a <*> b', []), /1 <\*> slot\(s\) but 0 field name/);
});

test('a pathological user pattern runs in linear time (re2js), it cannot hang the engine', { timeout: 20_000 }, () => {
  const { global } = dirs();
  writeFileSync(join(global, 'redos.yaml'), '- name: redos\n  pattern: "^(a+)+$"\n');
  const set = createParserSet({ tenant: 'default', globalDir: global });
  assert.deepEqual(set.errors, []);
  // With a backtracking engine this input takes longer than the age of the universe.
  assert.equal(set.parse(`${'a'.repeat(50_000)}!`, ctx('default')), null);
});
