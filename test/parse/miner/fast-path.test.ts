// The miner's fast path (a repeated line shape replays its masking plan, cluster link and
// parameter recipe) must give exactly what preparing every line afresh gives: same template
// ids, texts and parameters. Checked against a miner with the shape cache turned off, on lines
// of our own whose digits vary from line to line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TemplateMiner } from '../../../src/parse/miner/miner.ts';
import { prepareLine } from '../../../src/parse/miner/prepare.ts';
import { isVariant, replayLine, ShapeCache, shapeHash, variantLine } from '../../../src/parse/miner/shape-cache.ts';

/** Deterministic stream of demo lines in many shapes; `i` varies every number. */
function demoLines(count: number): string[] {
  const forms: ((i: number) => string)[] = [
    (i) => `Accepted password for root from 10.0.${i % 256}.${(i * 7) % 256} port ${1024 + ((i * 37) % 60000)} ssh2`,
    (i) => `Failed password for invalid user u${i % 97} from 192.168.${i % 9}.${i % 250} port ${i % 65536} ssh2`,
    (i) => `Received block blk_${1000 + i * 7919} of size ${i * 13} from /10.251.${i % 200}.${i % 99}`,
    (i) => `Receiving block blk_${i * 31} src: /10.${i % 9}.3.${i % 90}:${40000 + (i % 999)} dest: /10.1.2.${i % 7}:50010`,
    (i) => `Expiring session 0x${(i * 2654435761).toString(16)}, timeout of ${i % 40000}ms exceeded`,
    (i) => `Processed session termination for sessionid: ${i % 10}x${(i * 97).toString(16)}`,
    (i) => `connection from 24.${i % 200}.76.${i % 250} () at Fri Jun ${10 + (i % 19)} 0${i % 10}:07:${10 + (i % 50)} 2005`,
    (i) => `NFS Mount failed on bglio${i % 100}, slept ${i % 90} seconds, retrying (${i % 5})`,
    (i) => `Block broadcast_${i % 50} stored as bytes in memory (estimated size ${i % 9}.${i % 10} KB, free ${i % 300}.2 MB)`,
    (i) => `acquire lock=${i * 31}, flags=0x${i % 4}, tag="View Lock", name=com.example.ui, ws=null, uid=${10000 + (i % 99)}, pid=${i % 5000}`,
    (i) => `worker state=${['running', 'stopped', 'paused'][i % 3]} on node-${i % 40} took ${i % 1000}.${i % 10}ms`,
    // Digits masking keeps (`jk2_init()`, `KB3121255`, `ssh2`) vary too: variants of one plan.
    (i) => `jk${i % 4}_init() Found child ${i * 7} in scoreboard slot ${i % 12}`,
    (i) => `Read out package: Package_for_KB${3000000 + (i % 50)}~31bf3856ad364e35~amd64~~6.1.${i % 3}.0, State: ${i % 9} ssh${i % 3}`,
    // A day padded with a second blank (`Jul  1`), and a size with its unit.
    (i) => `connection from 24.${i % 200}.76.${i % 250} () at Fri Jul  ${1 + (i % 9)} 07:57:${10 + (i % 50)} 2005`,
    () => 'heartbeat ok',
  ];
  const out: string[] = [];
  let seed = 12345;
  for (let i = 0; i < count; i++) {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    out.push((forms[seed % forms.length] as (i: number) => string)(i));
  }
  return out;
}

test('the fast path gives what preparing every line afresh gives', () => {
  const fast = new TemplateMiner();
  const fresh = new TemplateMiner({ maxShapeEntries: 0 });
  for (const line of demoLines(6000)) assert.deepEqual(fast.add(line, 0), fresh.add(line, 0), line);
  assert.deepEqual(fast.templates(), fresh.templates());
});

test('lines keeping digits in words, and dates padded with blanks, are replayed from a plan', () => {
  const lines = [
    'jk2_init() Found child 6725 in scoreboard slot 10',
    'Package_for_KB3121255~31bf3856ad364e35~amd64~~6.1.1.0, ApplicableState: 112 ssh2',
    'connection from 202.82.200.188 () at Fri Jul  1 07:57:30 2005',
  ];
  for (const line of lines) {
    const cache = new ShapeCache(8);
    const plan = cache.learn(prepareLine(line, 200, 512), shapeHash(line));
    assert.ok(plan !== null, `a plan for: ${line}`);
    assert.deepEqual(cache.find(line, shapeHash(line)), plan);
  }
  // A line of the same shape with other kept digits is a variant: its own key, its own digits.
  const cache = new ShapeCache(8);
  const first = lines[0] as string;
  const plan = cache.learn(prepareLine(first, 200, 512), shapeHash(first));
  const other = 'jk3_init() Found child 1234 in scoreboard slot 77';
  const found = cache.find(other, shapeHash(other));
  assert.ok(plan !== null && found === plan && isVariant(other, plan));
  const fresh = prepareLine(other, 200, 512);
  const replayed = variantLine(other, plan);
  assert.equal(replayed.key, fresh.key);
  for (let i = 0; i < fresh.count; i++) assert.equal(replayed.text(i), fresh.text(i));
});

test('the fast path stays right when the signature cache is emptied under it', () => {
  // A tiny signature cache is emptied every few lines: plan links made before must not be used.
  const fast = new TemplateMiner({ maxCacheEntries: 3 });
  const fresh = new TemplateMiner({ maxCacheEntries: 3, maxShapeEntries: 0 });
  for (const line of demoLines(3000)) assert.deepEqual(fast.add(line, 0), fresh.add(line, 0), line);
});

test('learn() learns what add() learns and returns the same ids', () => {
  const full = new TemplateMiner();
  const ids = new TemplateMiner();
  for (const line of demoLines(4000)) assert.equal(ids.learn(line, 0), full.add(line, 0).templateId, line);
  assert.deepEqual(ids.templates(), full.templates());
});

test('a template in steady use survives a flood of one-off lines', () => {
  const m = new TemplateMiner({ maxTemplates: 20 });
  const steady = m.add('heartbeat ok', 0).templateId;
  let seed = 99;
  const word = () => {
    let w = '';
    for (let k = 0; k < 6; k++) {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      w += String.fromCharCode(97 + (seed % 26));
    }
    return w;
  };
  for (let i = 1; i <= 2000; i++) {
    m.add(`${word()} ${word()} ${word()} ${word()} ${word()}`, i);
    if (i % 10 === 0) m.add('heartbeat ok', i);
  }
  assert.ok(m.size <= 20);
  assert.equal(m.templates().find((t) => t.id === steady)?.count, 201);
  assert.ok(!m.evictedTemplates().some((t) => t.id === steady), 'the steady template was never evicted');
});

test('lines that differ in words keeping digits get what preparing every line afresh gives', () => {
  // Each line keeps new digits in a word (`KB3098494`, `amd64`, `node7x`): a variant of its
  // plan with a key of its own, so the template search runs for it (or its shortcut, which must
  // find what the search finds), while templates of the same length keep such digits as
  // constants, and now and then a new template turns up.
  let seed = 4242;
  const rnd = (n: number) => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return (seed >>> 8) % n;
  };
  const forms: ((i: number) => string)[] = [
    (i) => `Read out applicability for package: Package_for_KB${1000000 + rnd(9000000)}~31bf${rnd(10)}ad~amd${rnd(100)}, State: ${i % 7}`,
    () => `Read out applicability for package: Microsoft-Hyper-V~31bf3856ad~amd64, State: ${rnd(3)}`,
    (i) => `Installing update KB${rnd(1000)} on node${rnd(50)}x now ${i % 9}`,
    () => `Installing update KB42 on node7x now 1`,
    (i) => `Installing ${['update', 'patch', 'hotfix', 'driver', 'service', 'font', 'codec'][rnd(7)]} KB${rnd(100)} on node${rnd(5)}x now ${i % 3}`,
    (i) => `session s${rnd(20)}x${rnd(9)} closed by peer ${i % 4}`,
    (i) => (i % 500 === 0 ? `brand new message kind${rnd(99)}z number ${i}` : `session s1x1 closed by peer 1`),
  ];
  const fast = new TemplateMiner();
  const fresh = new TemplateMiner({ maxShapeEntries: 0 });
  const tiny = new TemplateMiner({ maxCacheEntries: 7 });
  const tinyFresh = new TemplateMiner({ maxCacheEntries: 7, maxShapeEntries: 0 });
  for (let i = 0; i < 6000; i++) {
    const line = (forms[rnd(forms.length)] as (i: number) => string)(i);
    assert.deepEqual(fast.add(line, i), fresh.add(line, i), line);
    assert.deepEqual(tiny.add(line, i), tinyFresh.add(line, i), line);
  }
  assert.deepEqual(fast.templates(), fresh.templates());
  assert.deepEqual(tiny.templates(), tinyFresh.templates());
});

test('a set of the shape table keeps its four newest plans', () => {
  // Four slots are one set: every shape lands in it, and a fifth shape drops the oldest.
  const cache = new ShapeCache(4);
  const lines = ['a 1', 'b 1 c', 'dd 1 e', 'f g 1 h', 'ii jj 1 k'];
  const plans = lines.map((line) => cache.learn(prepareLine(line, 200, 512), shapeHash(line)));
  assert.equal(cache.find('a 7', shapeHash('a 7')), null);
  for (let k = 1; k < lines.length; k++) {
    const other = (lines[k] as string).replace('1', '5');
    assert.equal(cache.find(other, shapeHash(other)), plans[k], other);
  }
});

test('a plan cuts the values of a token where masking took them, across the marks masking rewrites', () => {
  // `/10.0.0.1:2181` is masked `<*>:<*>` (the slash dropped), `10.0.0.1:50010` with the IP–port
  // mark for its colon; a plan holds for both. Where a value's text also occurs earlier in its
  // token (`y1=1`), no plan is made: the line is prepared afresh instead.
  const replayable = [
    'Connecting to /10.0.0.1:2181 now',
    'Receiving block blk_42 src: /10.3.3.9:40001 dest: /10.1.2.7:50010',
    'got [/10.1.2.3] and (/var/log/x) from 10.0.0.1:50010:Got',
    'file=/var/log/y.log, url http://a.example.com/x?y=1 x',
  ];
  for (const line of replayable) {
    const cache = new ShapeCache(8);
    const fresh = prepareLine(line, 200, 512);
    const plan = cache.learn(fresh, shapeHash(line));
    assert.ok(plan !== null, `a plan for: ${line}`);
    const replayed = replayLine(line, plan);
    for (let i = 0; i < fresh.count; i++) {
      assert.equal(replayed.text(i), fresh.text(i), line);
      assert.equal(replayed.valueCount(i), fresh.valueCount(i), line);
      for (let k = 0; k < fresh.valueCount(i); k++) assert.equal(replayed.value(i, k), fresh.value(i, k), line);
    }
  }
  const odd = 'set x=1,y1=1 done';
  assert.equal(new ShapeCache(8).learn(prepareLine(odd, 200, 512), shapeHash(odd)), null);
});
