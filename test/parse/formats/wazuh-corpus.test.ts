// Every log line of the Wazuh ruleset tests (real sshd, sudo, PAM, auditd, iptables, web… lines)
// must get a named parser, and the attributes the line plainly carries must come out right. The
// expected values are read from each line here with independent patterns, not hard-coded.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createParserSet } from '../../../src/parse/index.ts';
import { MINED, UNPARSED } from '../../../src/core/event.ts';
import type { ParsedLine } from '../../../src/parse/types.ts';
import { wazuhCorpus, type CorpusLine } from './corpus.ts';

const corpus = wazuhCorpus();
const set = createParserSet({ tenant: 'default' });
const now = Date.UTC(2026, 10, 28);

/** Our parser names acceptable for each Wazuh decoder. */
const ACCEPT: Record<string, string[]> = {
  sshd: ['sshd', 'pam'],
  sudo: ['sudo'],
  su: ['su', 'pam'],
  pam: ['pam'],
  systemd: ['systemd'],
  auditd: ['auditd'],
  kernel: ['iptables', 'apparmor'],
  'apache-errorlog': ['apache_error'],
  'nginx-errorlog': ['nginx_error'],
  'web-accesslog': ['access_log'],
  'web-accesslog-iis-default': ['iis'],
  'web-accesslog-iis6': ['iis'],
  'squid-accesslog': ['squid'],
  json: ['json'],
  doas: ['doas'],
  dropbear: ['dropbear'],
  named: ['named', 'syslog'],
  'postfix-reject': ['postfix'],
  proftpd: ['proftpd'],
  vsftpd: ['vsftpd'],
  'sophos-fw': ['kv'],
};

function parse(c: CorpusLine): ParsedLine | null {
  return set.parse(c.line, { tenant: 'default', source: c.file, now });
}

test('the corpus is there and large', { skip: corpus.length === 0 && 'shared datasets not present' }, () => {
  assert.ok(corpus.length >= 300, `only ${corpus.length} lines read`);
});

test('every corpus line gets a named parser (not mined, not unparsed)', { skip: corpus.length === 0 }, () => {
  const misses: string[] = [];
  for (const c of corpus) {
    const r = parse(c);
    if (!r || r.parser === MINED || r.parser === UNPARSED) misses.push(`${c.file}: ${c.line.slice(0, 100)}`);
  }
  assert.deepEqual(misses, []);
});

test('the parser matches the decoder Wazuh expects', { skip: corpus.length === 0 }, () => {
  const wrong: string[] = [];
  for (const c of corpus) {
    const accept = ACCEPT[c.decoder.trim()];
    if (!accept) continue;
    const r = parse(c);
    // named.ini has a deliberate `name[464]` (not named) line: only the syslog header applies.
    if (r && !accept.includes(r.parser)) wrong.push(`${c.decoder} -> ${r.parser}: ${c.line.slice(0, 90)}`);
  }
  assert.deepEqual(wrong, []);
});

test('syslog lines carry host, program and time from the header', { skip: corpus.length === 0 }, () => {
  for (const c of corpus) {
    const m = /^(?:[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d|\d{4}-\d\d-\d\d[T ][\d:.]+[-+]?[\d:]*)\s+(\S+) ([A-Za-z][\w./-]*)(?:\([^)]*\))?(?:\[(\d+)\]:?|:) /.exec(c.line);
    if (!m) continue;
    const r = parse(c) as ParsedLine;
    assert.equal(r.fields['host.name'], m[1], c.line);
    assert.equal(r.fields['process.name'] === undefined ? undefined : String(r.fields['process.name']).length > 0, true, c.line);
    if (m[3]) assert.equal(r.fields['process.pid'], Number(m[3]), c.line);
    assert.equal(typeof r.time, 'number', c.line);
    assert.ok(!Number.isNaN(r.time), c.line);
  }
});

test('sshd lines: source.ip, user.name, event.outcome as the line says', { skip: corpus.length === 0 }, () => {
  let checked = 0;
  for (const c of corpus.filter((x) => x.decoder === 'sshd')) {
    const r = parse(c) as ParsedLine;
    const f = r.fields;
    const ip = /(?:from|with|host|Address|by|user \S+) (\d+\.\d+\.\d+\.\d+)\b/.exec(c.line);
    if (ip) assert.equal(f['source.ip'], ip[1], c.line);
    const login = /(Accepted|Failed) (\S+) for (?:invalid user |illegal user )?(\S+) from (\S+) port (\d+)/.exec(c.line);
    if (login) {
      checked++;
      assert.equal(f['event.action'], 'ssh_login', c.line);
      assert.equal(f['event.outcome'], login[1] === 'Accepted' ? 'success' : 'failure', c.line);
      assert.equal(f['user.name'], login[3], c.line);
      assert.equal(f['source.port'], Number(login[5]), c.line);
      assert.equal(f['event.category'], 'authentication', c.line);
    }
    const invalid = /Invalid user (\S+) from/.exec(c.line);
    if (invalid) {
      checked++;
      assert.equal(f['event.action'], 'ssh_invalid_user', c.line);
      assert.equal(f['event.outcome'], 'failure', c.line);
      assert.equal(f['user.name'], invalid[1], c.line);
    }
    const notAllowed = /User (\S+) from (\S+) not allowed/.exec(c.line);
    if (notAllowed) {
      checked++;
      assert.equal(f['user.name'], notAllowed[1]);
      assert.equal(f['event.outcome'], 'failure');
    }
    if (/BREAK-IN ATTEMPT/.test(c.line)) assert.equal(f['event.action'], 'ssh_reverse_mapping_failed', c.line);
  }
  assert.ok(checked >= 20, `only ${checked} login lines checked`);
});

test('sudo lines: user, target user, command, refusal', { skip: corpus.length === 0 }, () => {
  for (const c of corpus.filter((x) => x.decoder === 'sudo')) {
    const f = (parse(c) as ParsedLine).fields;
    const m = /sudo:\s+(\S+) : .*USER=(\S+) ; .*COMMAND=(.*)$/.exec(c.line);
    assert.ok(m, c.line);
    assert.equal(f['user.name'], m[1]);
    assert.equal(f['user.effective.name'], m[2]);
    assert.equal(f['process.command_line'], m[3]);
    assert.equal(f['event.action'], 'sudo_command');
    assert.equal(f['event.outcome'], /incorrect password|NOT in sudoers/.test(c.line) ? 'failure' : 'success', c.line);
  }
});

test('PAM and su lines: users and outcome', { skip: corpus.length === 0 }, () => {
  for (const c of corpus.filter((x) => x.decoder === 'pam' || x.decoder === 'su')) {
    const f = (parse(c) as ParsedLine).fields;
    const user = / user=(\S+)/.exec(c.line) ?? /session (?:opened|closed) for user (\S+)/.exec(c.line);
    if (user) assert.equal(f['user.name'], user[1], c.line);
    const rhost = / rhost=(\d+\.\d+\.\d+\.\d+)/.exec(c.line);
    if (rhost) assert.equal(f['source.ip'], rhost[1], c.line);
    const failed = /fail|BAD SU|user unknown/i.test(c.line);
    assert.equal(f['event.outcome'], failed ? 'failure' : 'success', c.line);
  }
});

test('auditd lines: record type, serial, time and join key from msg=audit(…)', { skip: corpus.length === 0 }, () => {
  for (const c of corpus.filter((x) => x.decoder === 'auditd')) {
    const r = parse(c) as ParsedLine;
    const m = /type=(\S+) msg=audit\((\d+)\.(\d+):(\d+)\)/.exec(c.line);
    assert.ok(m, c.line);
    assert.equal(r.fields['auditd.log.record_type'], m[1]);
    assert.equal(r.fields['auditd.log.sequence'], Number(m[4]));
    assert.equal(r.time, Number(m[2]) * 1000 + Number(m[3]));
    assert.ok(r.joinKey?.includes(`${m[2]}.${m[3]}:${m[4]}`), c.line);
    const res = / res=(success|failed)\b/.exec(c.line);
    if (res) assert.equal(r.fields['event.outcome'], res[1] === 'success' ? 'success' : 'failure', c.line);
  }
});

test('netfilter lines: addresses, ports, transport and drop action', { skip: corpus.length === 0 }, () => {
  for (const c of corpus.filter((x) => x.decoder === 'kernel' && / SRC=/.test(x.line))) {
    const f = (parse(c) as ParsedLine).fields;
    assert.equal(f['source.ip'], /SRC=(\S+)/.exec(c.line)?.[1]);
    assert.equal(f['destination.ip'], /DST=(\S+)/.exec(c.line)?.[1]);
    const dpt = /DPT=(\d+)/.exec(c.line);
    if (dpt) assert.equal(f['destination.port'], Number(dpt[1]));
    assert.equal(f['network.transport'], /PROTO=(\S+)/.exec(c.line)?.[1]?.toLowerCase());
    if (/DROP|BLOCK/.test(c.line)) assert.equal(f['event.action'], 'firewall_drop', c.line);
  }
});

test('web access lines: client, method, URL, status', { skip: corpus.length === 0 }, () => {
  for (const c of corpus.filter((x) => x.decoder === 'web-accesslog')) {
    const f = (parse(c) as ParsedLine).fields;
    const m = /\] "(\S+) (\S+) HTTP\/[\d.]+" (\d{3}) /.exec(c.line);
    assert.ok(m, c.line);
    assert.equal(f['http.request.method'], m[1], c.line);
    assert.equal(f['url.original'], m[2], c.line);
    assert.equal(f['http.response.status_code'], Number(m[3]), c.line);
    assert.equal(f['event.outcome'], Number(m[3]) < 400 ? 'success' : 'failure');
    const ip = /(\d+\.\d+\.\d+\.\d+)/.exec(c.line.replace(/^[A-Z][a-z]{2} +\d+ [\d:]+ \S+ \S+: /, ''));
    assert.equal(f['source.ip'], ip?.[1], c.line);
  }
});

test('Apache error lines: level and client', { skip: corpus.length === 0 }, () => {
  for (const c of corpus.filter((x) => x.decoder === 'apache-errorlog')) {
    const f = (parse(c) as ParsedLine).fields;
    const level = /\[(?:[\w]*:)?(emerg|alert|crit|error|warn|notice|info|debug)\]/.exec(c.line);
    assert.equal(f['log.level'], level?.[1], c.line);
    const client = /\[client ([\d.]+)/.exec(c.line);
    if (client) assert.equal(f['source.ip'], client[1], c.line);
  }
});

test('JSON lines keep every top-level key under json.', { skip: corpus.length === 0 }, () => {
  for (const c of corpus.filter((x) => x.decoder === 'json')) {
    const f = (parse(c) as ParsedLine).fields;
    const top = JSON.parse(c.line) as Record<string, unknown>;
    for (const [k, v] of Object.entries(top)) {
      if (v === null || typeof v !== 'object') assert.equal(f[`json.${k}`], v);
      else assert.ok(Object.keys(f).some((name) => name.startsWith(`json.${k}.`) || name === `json.${k}`), `${k} missing`);
    }
  }
});
