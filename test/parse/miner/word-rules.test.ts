// Cases for the word rules the template search asks of every candidate (numbered families,
// masked data fitting a pattern) and for the line shapes of the plan cache around `0x`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { digitBlind, wordConflict } from '../../../src/parse/miner/word-rules.ts';
import { prepareLine } from '../../../src/parse/miner/prepare.ts';
import { ShapeCache, shapeHash } from '../../../src/parse/miner/shape-cache.ts';

test('numbered names of one family are values, of different families or plain words are not', () => {
  assert.equal(wordConflict('bglio716', 'bglio91'), false);
  assert.equal(wordConflict('J14', 'J05'), false);
  assert.equal(wordConflict('alt0', 'ee0'), true);
  assert.equal(wordConflict('alt0', 'alt'), true); // one side without a digit
  assert.equal(wordConflict('ab1', 'a1b'), false); // same letters in the same order
  assert.equal(wordConflict('ab1', 'ba1'), true);
  assert.equal(wordConflict('Failed', 'Accepted'), true);
});

test('masked data fits a pattern with several masked parts, or the words around it differ', () => {
  assert.equal(wordConflict('chdir(<*>)', 'chdir(pwd)'), false);
  assert.equal(wordConflict('<*>', 'root'), false); // a whole-token value: any word is another value
  assert.equal(wordConflict('a<*>b<*>c', 'aXbYc'), false);
  assert.equal(wordConflict('a<*>b<*>c', 'aXYc'), true); // the middle part is missing
  assert.equal(wordConflict('a<*>bc<*>c', 'abcc'), false);
  assert.equal(wordConflict('a<*>bc<*>c', 'abc'), true); // the middle part would overlap the end
  assert.equal(wordConflict('(uid=<*>)', 'LOGIN(uid=<*>)'), true);
  assert.equal(wordConflict('x<*>y', 'x<*>z<*>'), false); // same letters before the first masked part
});

test('a zero before x is its own mark in a line shape; other digits before x are plain digits', () => {
  const cache = new ShapeCache(16);
  const hexLine = 'addr 0x1f done';
  const plan = cache.learn(prepareLine(hexLine, 200, 512), shapeHash(hexLine));
  assert.notEqual(plan, null);
  assert.equal(cache.find('addr 0x2f done', shapeHash('addr 0x2f done')), plan);
  // `5x1f` is not hex: a line holding it has another shape than the plan's.
  assert.equal(cache.find('addr 5x1f done', shapeHash('addr 5x1f done')), null);
  const plainLine = 'count 50 x';
  const other = new ShapeCache(16);
  const p2 = other.learn(prepareLine(plainLine, 200, 512), shapeHash(plainLine));
  assert.notEqual(p2, null);
  assert.equal(other.find('count 93 x', shapeHash('count 93 x')), p2);
  assert.equal(other.find('count 9x x', shapeHash('count 9x x')), null);
});

test('digitBlind holds only where other digits in the token change no comparison', () => {
  // Random pairs over a small alphabet (digits, letters, the marks the rules read, `<*>`):
  // whenever digitBlind(a, b) says so, every b' with other digits where b has them compares
  // to a as b does.
  let seed = 7;
  const next = (n: number) => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return (seed >>> 8) % n;
  };
  const parts = ['1', '2', '0', '9', 'a', 'b', 'K', '=', ':', '-', '_', '(', ')', ',', '<*>'];
  const word = () => {
    let w = '';
    for (let k = 1 + next(6); k > 0; k--) w += parts[next(parts.length)];
    return w;
  };
  let blind = 0;
  for (let n = 0; n < 20000; n++) {
    const a = word();
    const b = word();
    if (!/\d/.test(b) || !digitBlind(a, b)) continue;
    blind++;
    for (let k = 0; k < 8; k++) {
      const other = b.replace(/\d/g, () => String(next(10)));
      assert.equal(a === other, a === b, `${a} / ${b} / ${other}`);
      assert.equal(wordConflict(a, other), wordConflict(a, b), `${a} / ${b} / ${other}`);
    }
  }
  assert.ok(blind > 1000, `enough blind pairs checked (${blind})`);
  // Equal up to digits, or first differing where both hold a digit: not blind.
  assert.equal(digitBlind('KB123', 'KB456'), false);
  assert.equal(digitBlind('amd64', 'amd43'), false);
  assert.equal(digitBlind('Microsoft~<*>~amd64', 'Package_for_KB31~<*>'), true);
});
