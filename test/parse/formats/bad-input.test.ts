// Bad input never throws out of parse: it returns null (the pipeline keeps the line unparsed)
// or, when a format still reads it, an event.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { set, NOW } from './helpers.ts';

const ctx = { tenant: 'default', source: 'bad', now: NOW };

test('empty and blank lines', () => {
  assert.equal(set.parse('', ctx), null);
  assert.equal(set.parse('   ', ctx), null);
  assert.equal(set.parse('\t', ctx), null);
});

test('invalid UTF-8 (replacement characters) inside a known format still parses, around it does not throw', () => {
  const bytes = Buffer.concat([Buffer.from('Nov 28 10:00:00 h sshd[1]: Invalid user '), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from(' from 192.0.2.1 port 2')]);
  const line = bytes.toString('utf8');
  assert.ok(line.includes('\uFFFD'));
  const r = set.parse(line, ctx);
  assert.equal(r?.fields['source.ip'], '192.0.2.1');
  assert.equal(set.parse('\uFFFD\uFFFD\uFFFD', ctx), null);
});

test('binary garbage: thousands of random lines, none throws', () => {
  let parsed = 0;
  for (let k = 0; k < 3000; k++) {
    const line = randomBytes(1 + (k % 300)).toString('latin1');
    const r = set.parse(line, { ...ctx, source: `bin${k % 5}` });
    if (r) parsed++;
  }
  // Some random bytes may happen to start like a format; what matters is that nothing threw.
  assert.ok(parsed < 3000);
});

test('prefixes of real lines (truncation at every length) never throw', () => {
  const lines = [
    '<34>1 2026-11-28T10:00:00Z h app 1 ID [x a="b"] msg',
    'Nov 28 10:00:00 h sshd[1]: Accepted password for a from 192.0.2.1 port 22 ssh2',
    'type=EXECVE msg=audit(1764324000.1:2): argc=2 a0="ls" a1=2D6C',
    '192.0.2.1 - - [28/Nov/2026:10:00:00 +0000] "GET / HTTP/1.1" 200 1 "-" "x"',
    'CEF:0|a|b|c|d|e|5|src=192.0.2.1 act=x',
    'LEEF:2.0|a|b|c|d|^|src=192.0.2.1^dst=192.0.2.2',
    '{"eventVersion":"1.08","eventSource":"s3.amazonaws.com","eventName":"GetObject","awsRegion":"us-east-1"}',
    '[Sat Nov 28 10:00:01.1 2026] [core:error] [pid 1] [client 192.0.2.1:1] AH00001: x',
    '2026/11/28 10:00:02 [error] 1#1: *1 x, client: 192.0.2.1, server: s',
    'Sat Nov 28 10:00:01 2026 [pid 1] [u] OK LOGIN: Client "192.0.2.1"',
  ];
  for (const l of lines) for (let n = 0; n <= l.length; n++) set.parse(l.slice(0, n), ctx);
  assert.ok(true);
});

test('a 10 MB line is not parsed (null), quickly and without throwing', () => {
  const huge = `Nov 28 10:00:00 h sshd[1]: ${'A'.repeat(10 * 1024 * 1024)}`;
  assert.equal(set.parse(huge, ctx), null);
  const hugeJson = `{"a":"${'x'.repeat(10 * 1024 * 1024)}"}`;
  assert.equal(set.parse(hugeJson, ctx), null);
});

test('truncated JSON and odd JSON values', () => {
  for (const l of ['{', '{"a":', '{"a":1,"b":[1,2', '{"a":"\\u12"}', '{}x', '{"Event":{"System":null}}', '{"winlog":{"event_id":"x"}}', '{"eventName":1,"eventSource":2}']) {
    assert.doesNotThrow(() => set.parse(l, ctx), l);
  }
  assert.equal(set.parse('{"a":1,"b":[1,2', ctx), null);
});
