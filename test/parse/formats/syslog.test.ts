import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scanSyslogHeader } from '../../../src/parse/index.ts';
import { must, NOW } from './helpers.ts';

test('RFC 3164 header: host, program, pid, message, time in the year of now', () => {
  const r = must('Mar  7 09:15:02 gw01 myapp[4242]: cache warmed in 12 ms');
  assert.equal(r.parser, 'syslog');
  assert.equal(r.fields['host.name'], 'gw01');
  assert.equal(r.fields['process.name'], 'myapp');
  assert.equal(r.fields['process.pid'], 4242);
  assert.equal(r.fields.message, 'cache warmed in 12 ms');
  assert.equal(r.time, Date.UTC(2026, 2, 7, 9, 15, 2));
});

test('RFC 3164 in January for a December line takes the previous year', () => {
  const jan = Date.UTC(2027, 0, 2);
  assert.equal(must('Dec 31 23:59:59 h app: x', jan).time, Date.UTC(2026, 11, 31, 23, 59, 59));
  assert.equal(must('Jan  1 00:00:01 h app: x', jan).time, Date.UTC(2027, 0, 1, 0, 0, 1));
});

test('priority gives facility and severity', () => {
  const r = must('<86>Nov 28 10:00:00 host1 cron[1]: job done');
  assert.equal(r.fields['log.syslog.priority'], 86);
  assert.equal(r.fields['log.syslog.facility.code'], 10);
  assert.equal(r.fields['log.syslog.severity.code'], 6);
});

test('RFC 5424 with structured data and BOM', () => {
  const r = must('<165>1 2026-11-28T10:20:30.123Z web-7 billing 991 ID47 [meta seq="1" note="a \\] b"] \uFEFFinvoice 77 sent');
  assert.equal(r.fields['host.name'], 'web-7');
  assert.equal(r.fields['process.name'], 'billing');
  assert.equal(r.fields['process.pid'], 991);
  assert.equal(r.fields.message, 'invoice 77 sent');
  assert.equal(r.time, Date.UTC(2026, 10, 28, 10, 20, 30, 123));
});

test('ISO timestamps with offsets, year-first and Solaris message ids', () => {
  assert.equal(must('2026-11-28T11:00:00.500+01:00 box app[1]: hi').time, Date.UTC(2026, 10, 28, 10, 0, 0, 500));
  assert.equal(must('2026-11-28 03:00:00.000000-0700  box app[1]: hi').time, Date.UTC(2026, 10, 28, 10, 0, 0));
  assert.equal(must('2025 Feb 03 04:05:06 box app: hi').time, Date.UTC(2025, 1, 3, 4, 5, 6));
  const sol = must('Feb  3 04:05:06 10.1.1.1 sshd[9]: [ID 800047 auth.notice] Failed password for bob from 10.9.9.9 port 22 ssh2');
  assert.equal(sol.fields['user.name'], 'bob');
  assert.equal(sol.fields['source.ip'], '10.9.9.9');
});

test('a missing host (tag right after the time) is not taken for a host', () => {
  const h = scanSyslogHeader('Nov 28 10:00:00 kernel: boot ok', NOW);
  assert.ok(h);
  assert.equal(h.host, '');
  assert.equal(h.program, 'kernel');
  assert.equal(h.message, 'boot ok');
});

test('"message repeated" is unwrapped for the program parser', () => {
  const r = must('Nov 28 10:00:00 h sshd[5]: message repeated 3 times: [ Failed password for root from 10.0.0.9 port 4000 ssh2]');
  assert.equal(r.fields['event.action'], 'ssh_login');
  assert.equal(r.fields['user.name'], 'root');
});

test('not syslog: a month name alone is not a header', () => {
  assert.equal(scanSyslogHeader('May the force be with you', NOW), null);
  assert.equal(scanSyslogHeader('<999>Nov 28 10:00:00 h a: b', NOW), null);
});
