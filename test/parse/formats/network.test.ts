// Netfilter/UFW, generic key=value, CEF and LEEF.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { must, parse } from './helpers.ts';

test('UFW block through kernel syslog', () => {
  const r = must('Nov 28 10:00:00 fw kernel: [ 1234.567890] [UFW BLOCK] IN=eth0 OUT= MAC=aa:bb SRC=203.0.113.66 DST=10.0.0.2 LEN=60 TOS=0x00 PROTO=TCP SPT=51515 DPT=22 WINDOW=64240 RES=0x00 SYN URGP=0');
  assert.deepEqual(
    [r.parser, r.fields['rule.name'], r.fields['source.ip'], r.fields['destination.ip'], r.fields['source.port'], r.fields['destination.port'], r.fields['network.transport'], r.fields['observer.ingress.interface.name'], r.fields['event.action'], r.fields['event.outcome']],
    ['iptables', '[UFW BLOCK]', '203.0.113.66', '10.0.0.2', 51515, 22, 'tcp', 'eth0', 'firewall_drop', 'failure'],
  );
  assert.equal(r.fields['iptables.flags'], 'SYN');
  const a = must('Nov 28 10:00:00 fw kernel: [UFW ALLOW] IN=eth0 OUT= SRC=10.0.0.3 DST=10.0.0.2 PROTO=UDP SPT=5353 DPT=5353');
  assert.equal(a.fields['event.action'], 'firewall_allow');
});

test('key=value line with quoted values and an action', () => {
  const r = must('date=2026-11-28 time=10:00:04 devname="edge fw" srcip=192.0.2.1 dstip=198.51.100.9 srcport=40000 dstport=3389 proto=TCP action=deny msg="rdp probe blocked"');
  assert.deepEqual(
    [r.parser, r.time, r.fields['kv.devname'], r.fields['source.ip'], r.fields['destination.port'], r.fields['network.transport'], r.fields['event.action'], r.fields['event.outcome'], r.fields.message],
    ['kv', Date.UTC(2026, 10, 28, 10, 0, 4), 'edge fw', '192.0.2.1', 3389, 'tcp', 'deny', 'failure', 'rdp probe blocked'],
  );
  assert.equal(parse('a=b'), null, 'a single pair in text is not a record');
});

test('CEF with escapes, custom labels and spaces in values', () => {
  const r = must('CEF:0|Acme|Edge\\|WAF|3.2|1001|SQL injection attempt|8|src=192.0.2.5 spt=1234 dst=10.1.1.1 dpt=443 request=/q?a\\=1 act=blocked suser=bob cs1Label=Policy cs1=strict web rules msg=union select detected rt=1764324000000');
  assert.deepEqual(
    [r.parser, r.fields['observer.vendor'], r.fields['observer.product'], r.fields['event.code'], r.fields['event.severity'], r.fields['source.ip'], r.fields['source.port'], r.fields['url.original'], r.fields['user.name'], r.fields['cef.Policy'], r.fields.message, r.fields['event.action'], r.time],
    ['cef', 'Acme', 'Edge|WAF', '1001', 8, '192.0.2.5', 1234, '/q?a=1', 'bob', 'strict web rules', 'union select detected', 'blocked', 1764324000000],
  );
  const s = must('<134>Nov 28 10:00:00 waf01 CEF:0|Acme|WAF|1|7|Probe|3|src=192.0.2.6');
  assert.deepEqual([s.parser, s.fields['host.name'], s.fields['source.ip']], ['cef', 'waf01', '192.0.2.6']);
  assert.equal(parse('CEF:0|truncated'), null);
  // An unescaped `=` inside a value (common in URLs) does not start a new key.
  const u = must('CEF:0|V|P|1|2|n|3|request=/a?b=1&c=2 src=192.0.2.9');
  assert.deepEqual([u.fields['url.original'], u.fields['source.ip']], ['/a?b=1&c=2', '192.0.2.9']);
});

test('LEEF 1.0 (tabs) and 2.0 (declared delimiter)', () => {
  const a = must('LEEF:1.0|Acme|Proxy|2.0|deny|src=192.0.2.7\tdst=198.51.100.7\tdstPort=8080\tusrName=lee\taction=blocked');
  assert.deepEqual([a.parser, a.fields['source.ip'], a.fields['destination.port'], a.fields['user.name'], a.fields['event.outcome']], ['leef', '192.0.2.7', 8080, 'lee', 'failure']);
  const b = must('LEEF:2.0|Acme|Proxy|2.0|allow|^|src=192.0.2.8^dst=198.51.100.8^action=allowed');
  assert.deepEqual([b.fields['source.ip'], b.fields['destination.ip'], b.fields['event.outcome']], ['192.0.2.8', '198.51.100.8', 'success']);
});
