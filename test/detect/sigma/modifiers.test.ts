// Conformance of every value modifier of Sigma 2.1.0, including the tricky combinations.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Buffer } from 'node:buffer';
import { MODIFIERS } from '../../../src/detect/sigma/modifiers/index.ts';
import { matches, rejection } from './helpers.ts';

const rule = (item: string, condition = 'sel') => `sel:\n  ${item}\ncondition: ${condition}`;

test('the modifier table lists every modifier of the 2.1.0 appendix', () => {
  const want = 'contains startswith endswith all exists cased neq windash re i m s base64 base64offset utf16le wide utf16be utf16 lt lte gt gte minute hour day week month year cidr expand fieldref';
  for (const name of want.split(' ')) assert.ok(MODIFIERS.has(name), name);
});

test('contains, startswith, endswith', () => {
  assert.equal(matches(rule("CommandLine|contains: 'whoami'"), { CommandLine: 'cmd /c WHOAMI /all' }), true);
  assert.equal(matches(rule("CommandLine|contains: 'whoami'"), { CommandLine: 'cmd /c who ami' }), false);
  assert.equal(matches(rule("Image|startswith: 'C:\\Temp\\'"), { Image: 'c:\\temp\\x.exe' }), true);
  assert.equal(matches(rule("Image|startswith: 'C:\\Temp\\'"), { Image: 'd:\\c:\\temp\\x.exe' }), false);
  assert.equal(matches(rule("Image|endswith: '\\nc.exe'"), { Image: 'C:\\tools\\NC.EXE' }), true);
  assert.equal(matches(rule("Image|endswith: '\\nc.exe'"), { Image: 'C:\\tools\\nc.exe.bak' }), false);
});

test('a value list is OR; all makes it AND', () => {
  assert.equal(matches(rule("CommandLine|contains: ['aaa', 'bbb']"), { CommandLine: 'x bbb' }), true);
  assert.equal(matches(rule("CommandLine|contains|all: ['aaa', 'bbb']"), { CommandLine: 'x bbb' }), false);
  assert.equal(matches(rule("CommandLine|contains|all: ['aaa', 'bbb']"), { CommandLine: 'bbb aaa' }), true);
});

test('exists: presence of the field, whatever its value (even empty or null)', () => {
  assert.equal(matches(rule('User|exists: true'), { User: '' }), true);
  assert.equal(matches(rule('User|exists: true'), { User: null }), true);
  assert.equal(matches(rule('User|exists: true'), { Other: 'x' }), false);
  assert.equal(matches(rule('User|exists: false'), { Other: 'x' }), true);
  assert.equal(matches(rule('User|exists: false'), { User: 'x' }), false);
});

test("null matches a missing or null field; '' only an empty value", () => {
  assert.equal(matches(rule('User: null'), { Other: 1 }), true);
  assert.equal(matches(rule('User: null'), { User: null }), true);
  assert.equal(matches(rule('User: null'), { User: '' }), false);
  assert.equal(matches(rule('User: null'), { User: 'bob' }), false);
  assert.equal(matches(rule("User: ''"), { User: '' }), true);
  assert.equal(matches(rule("User: ''"), { Other: 1 }), false);
  assert.equal(matches(rule("User: ''"), { User: 'bob' }), false);
  // `not null` is written as a negated selection.
  assert.equal(matches(`sel:\n  EventID: 1\nf:\n  User: null\ncondition: sel and not f`, { EventID: 1, User: 'x' }), true);
  assert.equal(matches(`sel:\n  EventID: 1\nf:\n  User: null\ncondition: sel and not f`, { EventID: 1 }), false);
});

test('cased: case-sensitive comparison', () => {
  assert.equal(matches(rule("CommandLine|cased|contains: 'Invoke-Mimikatz'"), { CommandLine: 'x Invoke-Mimikatz' }), true);
  assert.equal(matches(rule("CommandLine|cased|contains: 'Invoke-Mimikatz'"), { CommandLine: 'x invoke-mimikatz' }), false);
  assert.equal(matches(rule("CommandLine|cased: 'ABC'"), { CommandLine: 'ABC' }), true);
});

test('neq: different from every value; a missing field is not different', () => {
  assert.equal(matches(rule("User|neq: 'root'"), { User: 'alice' }), true);
  assert.equal(matches(rule("User|neq: 'root'"), { User: 'ROOT' }), false);
  assert.equal(matches(rule("User|neq: ['root', 'admin']"), { User: 'admin' }), false);
  assert.equal(matches(rule("User|neq: 'root'"), { Other: 1 }), false);
  assert.equal(matches(rule('Port|neq: 22'), { Port: 2222 }), true);
  assert.equal(matches(rule('Port|neq: 22'), { Port: 22 }), false);
});

test('windash: a flag dash may be any of - / en dash, em dash, horizontal bar', () => {
  const r = rule("CommandLine|windash|contains: ' -exec '");
  for (const c of ['-', '/', '\u2013', '\u2014', '\u2015']) assert.equal(matches(r, { CommandLine: `tool ${c}exec bypass` }), true, c);
  assert.equal(matches(r, { CommandLine: 'tool +exec bypass' }), false);
  // contains before windash works the same way.
  assert.equal(matches(rule("CommandLine|contains|windash: '-enc'"), { CommandLine: 'powershell /ENC abc' }), true);
  // A dash inside a word is not a flag and is not permuted.
  assert.equal(matches(rule("CommandLine|windash: 'a-b'"), { CommandLine: 'a/b' }), false);
  assert.equal(matches(rule("CommandLine|windash: 'a-b'"), { CommandLine: 'a-b' }), true);
});

test('re: case-sensitive by default; i, m, s flags', () => {
  assert.equal(matches(rule("CommandLine|re: 'Invoke-[A-Z]+'"), { CommandLine: 'x Invoke-MIMI' }), true);
  assert.equal(matches(rule("CommandLine|re: 'Invoke-[A-Z]+'"), { CommandLine: 'x invoke-MIMI' }), false);
  assert.equal(matches(rule("CommandLine|re|i: 'invoke-[a-z]+'"), { CommandLine: 'x INVOKE-MIMI' }), true);
  assert.equal(matches(rule("CommandLine|re: '^b$'"), { CommandLine: 'a\nb\nc' }), false);
  assert.equal(matches(rule("CommandLine|re|m: '^b$'"), { CommandLine: 'a\nb\nc' }), true);
  assert.equal(matches(rule("CommandLine|re: 'a.c'"), { CommandLine: 'a\nc' }), false);
  assert.equal(matches(rule("CommandLine|re|s: 'a.c'"), { CommandLine: 'a\nc' }), true);
  // The regex is the raw value: wildcards and escapes are regex syntax, not Sigma's.
  assert.equal(matches(rule("CommandLine|re: '\\\\x\\d+'"), { CommandLine: 'a\\x12' }), true);
});

test('re: lookaround and backreferences are refused with the rule, file and line', () => {
  const why = rejection(rule("CommandLine|re: '(?=abc)x'"));
  assert.match(why, /test\.yml:6: sel: CommandLine\|re: .*not supported by the linear-time engine/);
  assert.match(rejection(rule("CommandLine|re: '(a)\\1'")), /linear-time engine/);
  assert.match(rejection(rule("CommandLine|i: 'x'")), /'i' must follow 're'/);
});

test('a pathological regex runs in linear time', () => {
  const start = process.hrtime.bigint();
  assert.equal(matches(rule("CommandLine|re: '(a+)+$'"), { CommandLine: 'a'.repeat(5000) + '!' }), false);
  // Not a speed figure: a backtracking engine would not return at all on this input.
  assert.ok(Number(process.hrtime.bigint() - start) < 30e9);
});

test('base64: the value encoded', () => {
  const enc = Buffer.from('whoami /all').toString('base64');
  assert.equal(matches(rule("Payload|base64: 'whoami /all'"), { Payload: enc }), true);
  assert.equal(matches(rule("Payload|base64|contains: 'whoami'"), { Payload: `xx${Buffer.from('whoami').toString('base64')}yy` }), true);
  assert.match(rejection(rule("Payload|base64: 'who*'")), /cannot encode a value with wildcards/);
});

test('base64offset: the three shifted encodings (pySigma reference values)', () => {
  for (const v of ['Zm9vYmFy', 'Zvb2Jhc', 'mb29iYX']) assert.equal(matches(rule("Payload|base64offset: 'foobar'"), { Payload: v }), true, v);
  // Found inside a longer base64 text whatever the value's position.
  for (const prefix of ['', 'a', 'ab', 'abc']) {
    const payload = Buffer.from(`${prefix}/bin/bash -i`).toString('base64');
    assert.equal(matches(rule("Payload|base64offset|contains: '/bin/bash'"), { Payload: payload }), true, prefix);
  }
  assert.equal(matches(rule("Payload|base64offset|contains: '/bin/bash'"), { Payload: Buffer.from('/bin/sh').toString('base64') }), false);
});

test('utf16le / wide / utf16be / utf16 before base64', () => {
  const le = Buffer.from('ping', 'utf16le');
  assert.equal(matches(rule("P|utf16le|base64: 'ping'"), { P: le.toString('base64') }), true);
  assert.equal(matches(rule("P|wide|base64: 'ping'"), { P: le.toString('base64') }), true);
  assert.equal(matches(rule("P|utf16be|base64: 'ping'"), { P: Buffer.from(le).swap16().toString('base64') }), true);
  assert.equal(matches(rule("P|utf16|base64: 'ping'"), { P: Buffer.concat([Buffer.from([0xff, 0xfe]), le]).toString('base64') }), true);
  assert.equal(matches(rule("P|utf16be|base64: 'ping'"), { P: le.toString('base64') }), false);
  // The classic PowerShell -EncodedCommand detection.
  for (const prefix of ['', 'I', 'IE']) {
    const cmd = Buffer.from(`${prefix}IEX (New-Object Net.WebClient)`, 'utf16le').toString('base64');
    assert.equal(matches(rule("CommandLine|wide|base64offset|contains: 'New-Object Net.WebClient'"), { CommandLine: `powershell -enc ${cmd}` }), true, prefix);
  }
});

test('lt, lte, gt, gte compare numbers', () => {
  assert.equal(matches(rule('Bytes|gt: 1000'), { Bytes: 1001 }), true);
  assert.equal(matches(rule('Bytes|gt: 1000'), { Bytes: 1000 }), false);
  assert.equal(matches(rule('Bytes|gte: 1000'), { Bytes: '1000' }), true);
  assert.equal(matches(rule('Bytes|lt: 10'), { Bytes: 9.5 }), true);
  assert.equal(matches(rule('Bytes|lte: 10'), { Bytes: 11 }), false);
  assert.equal(matches(rule('Bytes|lt: 10'), { Bytes: 'abc' }), false);
  assert.equal(matches(rule('Bytes|lt: 10'), { Other: 1 }), false);
  assert.match(rejection(rule("Bytes|gt: 'many'")), /'gt' needs a number/);
});

test('time modifiers compare a part of a date field (UTC)', () => {
  const ev = { Time: '2024-03-09T02:45:10Z' }; // Saturday, ISO week 10
  assert.equal(matches(rule('Time|hour: 2'), ev), true);
  assert.equal(matches(rule('Time|hour: 3'), ev), false);
  assert.equal(matches(rule('Time|minute: 45'), ev), true);
  assert.equal(matches(rule('Time|day: 9'), ev), true);
  assert.equal(matches(rule('Time|week: 10'), ev), true);
  assert.equal(matches(rule('Time|month: 3'), ev), true);
  assert.equal(matches(rule('Time|year: 2024'), ev), true);
  assert.equal(matches(rule('Time|hour|lt: 6'), ev), true);
  assert.equal(matches(rule('Time|hour|gte: 6'), ev), false);
  assert.equal(matches(rule('Time|hour: [1, 2]'), ev), true);
  assert.equal(matches(rule('Time|hour: 2'), { Time: 'not a date' }), false);
});

test('cidr: IPv4 and IPv6 networks', () => {
  assert.equal(matches(rule("Ip|cidr: '10.0.0.0/8'"), { Ip: '10.1.2.3' }), true);
  assert.equal(matches(rule("Ip|cidr: '10.0.0.0/8'"), { Ip: '11.1.2.3' }), false);
  assert.equal(matches(rule("Ip|cidr: ['192.168.0.0/16', '172.16.0.0/12']"), { Ip: '172.20.0.1' }), true);
  assert.equal(matches(rule("Ip|cidr: '2001:db8::/32'"), { Ip: '2001:db8:0:1::5' }), true);
  assert.equal(matches(rule("Ip|cidr: '2001:db8::/32'"), { Ip: '2001:db9::5' }), false);
  assert.equal(matches(rule("Ip|cidr: '10.0.0.0/8'"), { Ip: 'not-an-ip' }), false);
  assert.match(rejection(rule("Ip|cidr: '10.0.0.0/33'")), /not an IPv4 or IPv6 network/);
});

test('expand: placeholders come from tenant lists; an unknown one rejects the rule', () => {
  const lists = { Admins: ['root', 'adm_*'] };
  assert.equal(matches(rule("User|expand: '%Admins%'"), { User: 'adm_bob' }, { lists }), true);
  assert.equal(matches(rule("User|expand: '%Admins%'"), { User: 'root' }, { lists }), true);
  assert.equal(matches(rule("User|expand: '%Admins%'"), { User: 'bob' }, { lists }), false);
  assert.equal(matches(rule("Host|expand: 'srv-%Admins%.corp'"), { Host: 'srv-root.corp' }, { lists }), true);
  // Without expand, %name% is a literal value.
  assert.equal(matches(rule("User: '%Admins%'"), { User: '%admins%' }, { lists }), true);
  assert.match(rejection(rule("User|expand: '%Servers%'"), lists), /placeholder %Servers% has no list/);
});

test('fieldref: compare two fields of the same event', () => {
  assert.equal(matches(rule("TargetUser|fieldref: SubjectUser"), { TargetUser: 'Bob', SubjectUser: 'bob' }), true);
  assert.equal(matches(rule("TargetUser|fieldref: SubjectUser"), { TargetUser: 'bob', SubjectUser: 'alice' }), false);
  assert.equal(matches(rule("TargetUser|fieldref: SubjectUser"), { TargetUser: 'bob' }), false);
  assert.equal(matches(rule("TargetUser|fieldref|neq: SubjectUser"), { TargetUser: 'bob', SubjectUser: 'alice' }), true);
  assert.equal(matches(rule("TargetUser|fieldref|neq: SubjectUser"), { TargetUser: 'bob', SubjectUser: 'bob' }), false);
  assert.equal(matches(rule("CommandLine|fieldref|contains: User"), { CommandLine: 'run as bob now', User: 'bob' }), true);
});

test('an unknown modifier is refused with its name and line', () => {
  assert.match(rejection(rule("CommandLine|contians: 'x'")), /test\.yml:6: .*unknown modifier 'contians'/);
});
