import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LineFramer } from '../../src/ingest/framing.ts';

const texts = (lines: { text: string }[]) => lines.map((l) => l.text);

test('splits on \\n, drops a trailing \\r, and keeps byte offsets', () => {
  const f = new LineFramer();
  const lines = f.push(Buffer.from('one\r\ntwo\n\nthree'));
  assert.deepEqual(texts(lines), ['one', 'two', '']);
  assert.deepEqual(lines.map((l) => [l.offset, l.end]), [[0, 5], [5, 9], [9, 10]]);
  assert.equal(f.committedOffset, 10);
  const rest = f.flush();
  assert.deepEqual(texts(rest), ['three']);
  assert.equal(rest[0]?.end, 15);
});

test('a line split across chunks, even inside a multi-byte character, comes out whole', () => {
  const bytes = Buffer.from('héllo wörld\nnext\n');
  const f = new LineFramer();
  const out = [];
  for (let i = 0; i < bytes.length; i++) out.push(...f.push(bytes.subarray(i, i + 1)));
  assert.deepEqual(texts(out), ['héllo wörld', 'next']);
  assert.equal(out[1]?.offset, Buffer.byteLength('héllo wörld\n'));
});

test('invalid UTF-8 is decoded with replacement characters, not an error', () => {
  const f = new LineFramer();
  const [line] = f.push(Buffer.from([0x61, 0xff, 0xfe, 0x62, 0x0a]));
  assert.equal(line?.text, 'a\uFFFD\uFFFDb');
  assert.equal(line?.length, 4);
});

test('an overlong line is cut to the bound, flagged with its full length, and the next line is intact', () => {
  const f = new LineFramer(10);
  const out = [...f.push(Buffer.from('x'.repeat(25))), ...f.push(Buffer.from('y'.repeat(30) + '\nok\n'))];
  assert.equal(out.length, 2);
  assert.equal(out[0]?.tooLong, true);
  assert.equal(out[0]?.length, 55);
  assert.equal(out[0]?.text, 'x'.repeat(10));
  assert.equal(out[1]?.text, 'ok');
  assert.equal(out[1]?.tooLong, false);
  assert.equal(out[1]?.offset, 56);
});

test('a line exactly at the bound with a \\r terminator is not too long', () => {
  const f = new LineFramer(5);
  const [line] = f.push(Buffer.from('abcde\r\n'));
  assert.equal(line?.text, 'abcde');
  assert.equal(line?.tooLong, false);
});

test('a framer started at an offset reports offsets from there', () => {
  const f = new LineFramer(100, 1000);
  const [line] = f.push(Buffer.from('abc\n'));
  assert.deepEqual([line?.offset, line?.end, f.committedOffset], [1000, 1004, 1004]);
});
