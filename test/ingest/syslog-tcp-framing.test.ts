import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SyslogTcpDeframer } from '../../src/ingest/syslog/tcp-framing.ts';

const msgA = '<34>1 2026-11-27T10:00:00Z web-1 sshd 123 - - Failed password for root';
const msgB = '<13>Nov 27 10:00:01 web-1 app: héllo';

test('octet-counted messages are read by their length, across chunk boundaries', () => {
  const stream = Buffer.from(`${Buffer.byteLength(msgA)} ${msgA}${Buffer.byteLength(msgB)} ${msgB}`);
  const d = new SyslogTcpDeframer();
  const out = [];
  for (let i = 0; i < stream.length; i += 7) out.push(...d.push(stream.subarray(i, i + 7)));
  assert.deepEqual(out.map((l) => l.text), [msgA, msgB]);
});

test('newline framing and octet counting can be mixed on one connection', () => {
  const d = new SyslogTcpDeframer();
  const out = d.push(Buffer.from(`${msgB}\n${Buffer.byteLength(msgA)} ${msgA}${msgB}\r\n`));
  assert.deepEqual(out.map((l) => l.text), [msgB, msgA, msgB]);
});

test('a newline-framed message starting with digits is not mistaken for a length', () => {
  const d = new SyslogTcpDeframer();
  const out = d.push(Buffer.from('2026-11-27 worker started\n'));
  assert.deepEqual(out.map((l) => l.text), ['2026-11-27 worker started']);
});

test('an octet-counted message over the bound is cut and flagged with its length', () => {
  const d = new SyslogTcpDeframer(8);
  const body = 'z'.repeat(20);
  const out = d.push(Buffer.from(`20 ${body}4 next`));
  assert.equal(out[0]?.tooLong, true);
  assert.equal(out[0]?.length, 20);
  assert.equal(out[0]?.text, 'z'.repeat(8));
  assert.equal(out[1]?.text, 'next');
});

test('a connection closed mid-message yields what arrived', () => {
  const d = new SyslogTcpDeframer();
  assert.deepEqual(d.push(Buffer.from('50 partial')), []);
  assert.deepEqual(d.flush().map((l) => l.text), ['partial']);
});
