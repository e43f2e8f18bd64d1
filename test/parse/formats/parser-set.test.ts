// The parser set: detection order, memory of the last parser per source, batches, provenance.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { builtinParserNames, createParserSet, detectFamily } from '../../../src/parse/index.ts';
import { NOW } from './helpers.ts';

test('detection by the first characters', () => {
  const cases: [string, string][] = [
    ['{"a":1}', 'json'],
    ['<13>Nov 28 10:00:00 h a: b', 'syslog'],
    ['Nov 28 10:00:00 h a: b', 'syslog'],
    ['2025 Nov 28 10:00:00 h a: b', 'syslog'],
    ['CEF:0|a', 'cef'],
    ['LEEF:1.0|a', 'leef'],
    ['type=SYSCALL msg=audit(1:1): x', 'auditd'],
    ['node=a type=SYSCALL msg=audit(1:1): x', 'auditd'],
    ['[error] x', 'bracket'],
    ['2026-11-28T10:00:00Z h a: b', 'iso'],
    ['1764324000.123    5 1.2.3.4 TCP_MISS/200 1 GET u - N/- t', 'epoch'],
    ['192.0.2.1 - - [x', 'address'],
    ['Sat Nov 28 10:00:01 2026 [pid 1] x', 'ctime'],
    ['srcip=1 dstip=2', 'word'],
    ['\u0000\u0001', 'unknown'],
  ];
  for (const [line, fam] of cases) assert.equal(detectFamily(line), fam, line);
});

test('parseBatch is aligned with its input and matches parse', () => {
  const set = createParserSet({ tenant: 'default' });
  const lines = ['Nov 28 10:00:00 h sshd[1]: Invalid user x from 192.0.2.1', '', 'garbage line with nothing known', '{"msg":"x"}'];
  const ctx = { tenant: 'default', source: 'batch', now: NOW };
  const out = set.parseBatch(lines, ctx);
  assert.equal(out.length, 4);
  assert.deepEqual(out.map((r) => r?.parser ?? null), ['sshd', null, null, 'json']);
  assert.deepEqual(out.map((r) => r?.parser ?? null), lines.map((l) => set.parse(l, ctx)?.parser ?? null));
});

test('a source remembers its last parser but a line of another format still finds its own', () => {
  const set = createParserSet({ tenant: 'default' });
  const ctx = { tenant: 'default', source: 'mixed.log', now: NOW };
  assert.equal(set.parse('192.0.2.1 - - [28/Nov/2026:10:00:00 +0000] "GET / HTTP/1.1" 200 1', ctx)?.parser, 'access_log');
  // A syslog-wrapped access line must not be read by the remembered access-log parser as a whole line.
  const r = set.parse('Nov 28 10:00:00 web1 nginx: 192.0.2.2 - - [28/Nov/2026:10:00:00 +0000] "GET / HTTP/1.1" 200 1', ctx);
  assert.deepEqual([r?.parser, r?.fields['host.name'], r?.fields['source.ip']], ['access_log', 'web1', '192.0.2.2']);
  assert.equal(set.parse('Nov 28 10:00:00 h sshd[1]: Invalid user x from 192.0.2.1', ctx)?.parser, 'sshd');
});

test('every built-in is listed with its layer', () => {
  const set = createParserSet({ tenant: 'default' });
  const names = set.parsers.map((p) => p.name);
  for (const n of builtinParserNames()) assert.ok(names.includes(n), n);
  assert.ok(set.parsers.every((p) => p.layer === 'global'));
  assert.deepEqual(set.errors, []);
});

test('an ISO-dated syslog line whose message starts with an HTTP method is still syslog, not IIS', () => {
  const set = createParserSet({ tenant: 'default' });
  const r = set.parse('2026-11-28 10:00:00.000+0000 web1 proxy[7]: GET /health 200', { tenant: 'default', source: 'iso', now: NOW });
  assert.deepEqual([r?.parser, r?.fields['host.name'], r?.fields['process.name']], ['syslog', 'web1', 'proxy']);
});
