// The speed shortcuts of the parser library must give exactly what the slow, obvious code gives:
// the ISO timestamp day cache (against Date.UTC), JSON times with a zone (against Date.parse),
// fields built from remembered shapes (ordinary objects, same keys in the same order), the
// key=value date and time read without joining them, and the parser set's per-source cache.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isoAt, isoDateTime } from '../../../src/parse/formats/time.ts';
import { FieldsBuilder } from '../../../src/parse/formats/field-shapes.ts';
import type { Fields } from '../../../src/core/event.ts';
import { createParserSet } from '../../../src/parse/index.ts';
import { NOW } from './helpers.ts';

const p2 = (x: number) => String(x).padStart(2, '0');

test('isoAt with its day cache equals Date.UTC across days, zones, fractions and repeats', () => {
  let checked = 0;
  // Consecutive stamps share a day for a while, then move on (the cache's hit and miss paths),
  // and also jump back to an earlier day.
  for (let k = 0; k < 5000; k++) {
    const day = Math.floor(k / 7) % 400;
    const d = new Date(Date.UTC(2024, 0, 1) + (k % 50 === 0 ? 0 : day) * 86_400_000);
    const [y, mo, dd] = [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()];
    const [h, mi, s, ms] = [k % 24, (k * 13) % 60, (k * 17) % 60, (k * 37) % 1000];
    const zones: [string, number][] = [['Z', 0], ['+02:00', 120], ['-0530', -330], ['', 0]];
    const [zone, off] = zones[k % zones.length] as [string, number];
    const text = `${y}-${p2(mo)}-${p2(dd)}${k % 3 ? 'T' : ' '}${p2(h)}:${p2(mi)}:${p2(s)}.${String(ms).padStart(3, '0')}${zone}`;
    assert.equal(isoAt(text, 0), Date.UTC(y, mo - 1, dd, h, mi, s, ms) - off * 60_000, text);
    // The same day at an offset inside a longer line.
    assert.equal(isoAt(`x ${text}`, 2), Date.UTC(y, mo - 1, dd, h, mi, s, ms) - off * 60_000, text);
    checked++;
  }
  assert.equal(checked, 5000);
  assert.ok(Number.isNaN(isoAt('2026-13-01T00:00:00Z', 0)), 'a bad month is still rejected after cached days');
});

test('isoDateTime equals isoAt of the joined text, valid or not', () => {
  for (const [date, time] of [['2026-11-28', '10:00:05'], ['2026-11-28', '23:59:60'], ['2026/02/30', '00:00:00'], ['2026-13-01', '00:00:00'], ['2026-11-28', '24:00:00'], ['20x6-11-28', '10:00:05'], ['2026-11-28', '10-00-05'], ['2026-1-28', '10:00:05']] as [string, string][]) {
    const joined = isoAt(`${date}T${time}`, 0);
    const got = isoDateTime(date, time);
    assert.ok(Object.is(got, joined), `${date} ${time}: ${got} vs ${joined}`);
  }
});

test('JSON times with a zone read by the scanner equal Date.parse; other forms still go to Date.parse', () => {
  const set = createParserSet({ tenant: 'default' });
  const ctx = { tenant: 'default', source: 'json-times', now: NOW };
  for (const ts of ['2026-11-28T10:00:05Z', '2026-11-28T10:00:05.123Z', '2026-11-28T10:00:05.123456+02:00', '2026-02-28T23:59:59-05:00', '2026-11-28 10:00:05', 'Sat, 28 Nov 2026 10:00:05 GMT']) {
    const r = set.parse(JSON.stringify({ ts, msg: 'x' }), ctx);
    assert.equal(r?.time, Date.parse(ts), ts);
  }
});

test('CEF and auditd fields built from a remembered shape are ordinary objects in first-set order', () => {
  const set = createParserSet({ tenant: 'default' });
  const ctx = { tenant: 'default', source: 'cef', now: NOW };
  // The second line takes the path the first one left in the shape trie; the third leaves it.
  for (const line of ['CEF:0|Acme|Gw|1|100|Blocked|5|src=192.0.2.1 dpt=443 act=blocked', 'CEF:0|Acme|Gw|1|101|Allowed|3|src=192.0.2.2 dpt=80 act=allowed', 'CEF:0|Acme|Gw|1|102|Odd|3|dpt=22 src=host-a']) {
    const r = set.parse(line, ctx);
    assert.ok(r);
    assert.equal(Object.getPrototypeOf(r.fields), Object.prototype);
    assert.deepEqual(JSON.parse(JSON.stringify(r.fields)), Object.fromEntries(Object.entries(r.fields)));
    assert.equal(Object.keys(r.fields)[0], 'cef.version');
    assert.equal(Object.keys(r.fields).at(-1), 'event.outcome');
  }
  const a = set.parse('type=SYSCALL msg=audit(1764324000.001:7): arch=c000003e syscall=59 success=yes pid=7 pid=8', { tenant: 'default', source: 'audit', now: NOW });
  assert.equal(a?.fields['process.pid'], 7, 'the first of a repeated key wins, as before');
});

test('FieldsBuilder gives what stores into a plain object give, across shapes, repeats and spills', () => {
  const b = new FieldsBuilder();
  const keySets = [['a', 'b', 'c'], ['a', 'b', 'd'], ['a', 'b', 'c'], ['x', 'a', 'x', 'b'], ['__proto__', 'constructor', 'a'], Array.from({ length: 300 }, (_, k) => `k${k % 150}`)];
  for (let round = 0; round < 3; round++) {
    for (const keys of keySets) {
      // Defined, not stored: `__proto__` is an own key of built fields, as of a dictionary.
      const plain: Record<string, unknown> = {};
      b.begin();
      keys.forEach((k, i) => {
        Object.defineProperty(plain, k, { value: i, enumerable: true, writable: true, configurable: true });
        b.set(k, i);
        assert.equal(b.get(k), i);
      });
      assert.equal(b.get('missing'), undefined);
      const built = b.build();
      assert.deepEqual(Object.entries(built), Object.entries(plain), keys.slice(0, 5).join(','));
      // assignTo stores into the caller's object, as the parser wrote into it before.
      const into: Fields = {};
      const stored: Fields = {};
      b.assignTo(into);
      keys.forEach((k, i) => (stored[k] = i));
      assert.deepEqual(Object.entries(into), Object.entries(stored));
    }
  }
});

test('the per-source parser cache never carries one source\'s format over to another', () => {
  const set = createParserSet({ tenant: 'default' });
  const lines: [string, string, string][] = [
    ['a', '10.0.0.1 - - [28/Nov/2026:10:00:01 +0000] "GET / HTTP/1.1" 200 12 "-" "curl/8"', 'access_log'],
    ['b', 'CEF:0|Acme|Gw|1|100|Blocked|5|src=192.0.2.1', 'cef'],
    ['a', '10.0.0.2 - - [28/Nov/2026:10:00:02 +0000] "GET /x HTTP/1.1" 404 0 "-" "curl/8"', 'access_log'],
    ['a', 'type=SYSCALL msg=audit(1764324000.001:7): arch=c000003e syscall=59 success=yes pid=7', 'auditd'],
    ['b', '{"ts":"2026-11-28T10:00:05Z","msg":"x"}', 'json'],
    ['a', '10.0.0.3 - - [28/Nov/2026:10:00:03 +0000] "GET /y HTTP/1.1" 200 1 "-" "curl/8"', 'access_log'],
  ];
  for (const [source, line, parser] of lines) assert.equal(set.parse(line, { tenant: 'default', source, now: NOW })?.parser, parser, line);
});
