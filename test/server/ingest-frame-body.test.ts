import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LineFramer } from '../../src/ingest/framing.ts';
import { frameBody } from '../../src/server/ingest-service.ts';

/** What the streaming framer gives for the same bytes sent as one stream. */
function streamed(body: Buffer, max: number) {
  const f = new LineFramer(max);
  return [...f.push(body), ...f.flush()];
}

test('frameBody frames a whole body exactly as the streaming LineFramer does', () => {
  const max = 8;
  const cases: Buffer[] = [
    Buffer.from(''),
    Buffer.from('\n'),
    Buffer.from('\n\n\r\n'),
    Buffer.from('a\nb\r\nc'),
    Buffer.from('one\ntwo\n'),
    Buffer.from('no newline at all'),
    // At the bound, one past it with and without a `\r` there, and far past it.
    Buffer.from('12345678\n123456789\n12345678\r\n123456789\r\n1234567890123456\r\nend'),
    Buffer.from('\r\r\n\r'),
    // Multi-byte characters cut at the bound, and invalid UTF-8.
    Buffer.concat([Buffer.from('ééééé\n'), Buffer.from([0xff, 0xfe, 0x41, 0x0a]), Buffer.from('日本語テキスト\n')]),
  ];
  for (const body of cases) {
    assert.deepEqual(frameBody(body, max), streamed(body, max), JSON.stringify(body.toString('latin1')));
  }
  // Pseudo-random bodies over a small alphabet hit the corner cases in many combinations.
  let seed = 7;
  const rand = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) % 1000) / 1000;
  const alphabet = [0x0a, 0x0d, 0x61, 0x62, 0xc3, 0xa9, 0xff];
  for (let i = 0; i < 500; i++) {
    const body = Buffer.from(Array.from({ length: Math.floor(rand() * 40) }, () => alphabet[Math.floor(rand() * alphabet.length)] as number));
    const bound = 1 + Math.floor(rand() * 10);
    assert.deepEqual(frameBody(body, bound), streamed(body, bound), `${body.toString('hex')} bound ${bound}`);
  }
});

test('frameBody keeps the byte offsets event ids are made of', () => {
  const lines = frameBody(Buffer.from('ab\r\ncd\nlast'));
  assert.deepEqual(lines.map((l) => [l.offset, l.end, l.text, l.length, l.tooLong]), [
    [0, 4, 'ab', 2, false],
    [4, 7, 'cd', 2, false],
    [7, 11, 'last', 4, false],
  ]);
});
