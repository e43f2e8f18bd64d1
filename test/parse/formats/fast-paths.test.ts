// The speed shortcuts of the parser library must give exactly what the slow, obvious code gives:
// the ISO timestamp day cache (against Date.UTC), JSON times with a zone (against Date.parse),
// prototype-less field objects (ordinary to every consumer) and the parser set's per-source cache.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isoAt } from '../../../src/parse/formats/time.ts';
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

test('JSON times with a zone read by the scanner equal Date.parse; other forms still go to Date.parse', () => {
  const set = createParserSet({ tenant: 'default' });
  const ctx = { tenant: 'default', source: 'json-times', now: NOW };
  for (const ts of ['2026-11-28T10:00:05Z', '2026-11-28T10:00:05.123Z', '2026-11-28T10:00:05.123456+02:00', '2026-02-28T23:59:59-05:00', '2026-11-28 10:00:05', 'Sat, 28 Nov 2026 10:00:05 GMT']) {
    const r = set.parse(JSON.stringify({ ts, msg: 'x' }), ctx);
    assert.equal(r?.time, Date.parse(ts), ts);
  }
});

test('prototype-less fields behave as plain objects for consumers', () => {
  const set = createParserSet({ tenant: 'default' });
  const r = set.parse('CEF:0|Acme|Gw|1|100|Blocked|5|src=192.0.2.1 dpt=443 act=blocked', { tenant: 'default', source: 'cef', now: NOW });
  assert.ok(r);
  assert.equal(Object.getPrototypeOf(r.fields), null);
  assert.ok('source.ip' in r.fields);
  assert.deepEqual(JSON.parse(JSON.stringify(r.fields)), Object.fromEntries(Object.entries(r.fields)));
  assert.equal(r.fields['destination.port'], 443);
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
