import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeAuditHex, joinAuditRecords } from '../../../src/parse/index.ts';
import { must } from './helpers.ts';

// One execve event as auditd writes it: four records sharing audit(…:4711); the second argument
// holds a space, so auditd hex-encodes it.
const hexArg = Buffer.from('hello world').toString('hex').toUpperCase();
const EVENT = [
  'type=SYSCALL msg=audit(1764324000.120:4711): arch=c000003e syscall=59 success=yes exit=0 ppid=880 pid=991 auid=1000 uid=0 euid=0 tty=pts0 ses=3 comm="echo" exe="/usr/bin/echo" key="exec_watch"',
  `type=EXECVE msg=audit(1764324000.120:4711): argc=3 a0="echo" a1=${hexArg} a2="-n"`,
  'type=CWD msg=audit(1764324000.120:4711): cwd="/root"',
  'type=PATH msg=audit(1764324000.120:4711): item=0 name="/usr/bin/echo" inode=1 dev=08:01 mode=0100755',
  'type=USER_LOGIN msg=audit(1764324001.000:4712): pid=1 uid=0 auid=1000 ses=4 msg=\'op=login acct="ivan" exe="/usr/sbin/sshd" hostname=? addr=192.0.2.50 terminal=ssh res=failed\'',
];

test('each record: type, serial, time, joinKey, mapped fields', () => {
  const s = must(EVENT[0] as string);
  assert.equal(s.parser, 'auditd');
  assert.equal(s.time, 1764324000120);
  assert.equal(s.joinKey, ':1764324000.120:4711');
  assert.deepEqual([s.fields['process.pid'], s.fields['process.parent.pid'], s.fields['process.executable'], s.fields['rule.name'], s.fields['event.outcome']], [991, 880, '/usr/bin/echo', 'exec_watch', 'success']);
  // Numbers made of hex digits (pid=4171…) are not decoded as hex.
  assert.equal(must('type=SYSCALL msg=audit(1.0:1): pid=4171 uid=0').fields['process.pid'], 4171);
});

test('EXECVE arguments are decoded into process.args and process.command_line', () => {
  const e = must(EVENT[1] as string);
  assert.deepEqual(e.fields['process.args'], ['echo', 'hello world', '-n']);
  assert.equal(e.fields['process.command_line'], 'echo hello world -n');
  assert.equal(decodeAuditHex('2F62696E2F6C73'), '/bin/ls');
  assert.equal(decodeAuditHex('2F6'), undefined);
});

test('nested USER_* message pairs: account, address, outcome', () => {
  const u = must(EVENT[4] as string);
  assert.deepEqual([u.fields['user.name'], u.fields['source.ip'], u.fields['event.action'], u.fields['event.outcome'], u.fields['event.category']], ['ivan', '192.0.2.50', 'user_login', 'failure', 'authentication']);
});

test('joinAuditRecords merges the records of one event, keeps others apart', () => {
  const parsed = EVENT.map((l) => must(l));
  const joined = joinAuditRecords([...parsed, { parser: 'syslog', fields: { message: 'x' } }]);
  assert.equal(joined.length, 3);
  const ev = joined[0];
  assert.ok(ev);
  assert.equal(ev.fields['event.action'], 'process_executed');
  assert.equal(ev.fields['process.command_line'], 'echo hello world -n');
  assert.equal(ev.fields['process.working_directory'], '/root');
  assert.equal(ev.fields['process.pid'], 991);
  assert.deepEqual(ev.fields['auditd.log.record_types'], ['SYSCALL', 'EXECVE', 'CWD', 'PATH']);
  assert.deepEqual(ev.fields['auditd.paths'], ['/usr/bin/echo']);
  assert.equal(ev.fields['event.outcome'], 'success');
  assert.equal(ev.time, 1764324000120);
  assert.equal(joined[1]?.fields['event.action'], 'user_login');
  assert.equal(joined[2]?.parser, 'syslog');
  // Pure: the inputs are not modified.
  assert.equal(parsed[0]?.fields['auditd.log.record_types'], undefined);
});

test('node= prefix names the host and keys the join', () => {
  const r = must('node=db-1 type=CWD msg=audit(1764324000.120:4711): cwd="/"');
  assert.equal(r.fields['host.name'], 'db-1');
  assert.equal(r.joinKey, 'db-1:1764324000.120:4711');
});
