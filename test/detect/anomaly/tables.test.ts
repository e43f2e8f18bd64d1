import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { F } from '../../../src/core/fields.ts';
import { calibrated, MIN_CALIBRATION } from '../../../src/detect/anomaly/calibration.ts';
import { anomalyConfig } from '../../../src/detect/anomaly/config.ts';
import { processWindow, windowOf } from '../../../src/detect/anomaly/engine.ts';
import { KeyTable } from '../../../src/detect/anomaly/key-table.ts';
import { emptyModel, reviveModel } from '../../../src/detect/anomaly/model.ts';
import { Interner } from '../../../src/detect/anomaly/interner.ts';
import { entityA, parseSeriesName, SeriesTable, seriesName, SOURCE } from '../../../src/detect/anomaly/series-table.ts';
import { event, HOUR, normalHour, rng, T0 } from './demo-events.ts';

const config = anomalyConfig();
const W0 = windowOf(T0, config);

describe('integer tables of the anomaly model', () => {
  it('key table: finds what was added, in insertion order, across growth and a JSON round trip', () => {
    const t = new KeyTable();
    const random = rng(3);
    const keys: [number, number][] = [];
    for (let i = 0; i < 5000; i++) keys.push([Math.floor(random() * 1e6) - 500_000, Math.floor(random() * 1e6)]);
    const slots = keys.map(([a, b]) => t.add(a, b));
    keys.forEach(([a, b], i) => assert.equal(t.find(a, b), slots[i]));
    assert.equal(t.find(-1, -1), -1);
    const back = KeyTable.fromJSON(JSON.parse(JSON.stringify(t)) as ReturnType<KeyTable['toJSON']>);
    assert.equal(back.size, t.size);
    keys.forEach(([a, b], i) => assert.equal(back.find(a, b), slots[i]));
  });

  it('series table: keeps each series\' counts, drops old entries and silent series on retain', () => {
    const t = new SeriesTable();
    const a = t.add(entityA('user'), 1, 10);
    const b = t.add(entityA('user'), 2, 10);
    for (let w = 10; w < 20; w++) {
      t.record(a, w, w);
      if (w < 12) t.record(b, w, 1);
    }
    assert.deepEqual(t.view(a).windows, [10, 11, 12, 13, 14, 15, 16, 17, 18, 19]);
    assert.deepEqual(t.view(b).counts, [1, 1]);
    t.retain((slot) => t.last(slot) >= 15, 15);
    assert.equal(t.size, 1);
    const kept = t.get(entityA('user'), 1);
    assert.deepEqual(kept?.windows, [16, 17, 18, 19]);
    assert.deepEqual(kept?.counts, [16, 17, 18, 19]);
    assert.equal(kept?.created, 10);
    const back = SeriesTable.fromJSON(JSON.parse(JSON.stringify(t)) as ReturnType<SeriesTable['toJSON']>);
    assert.deepEqual(back.get(entityA('user'), 1), kept);
  });

  it('series names: every kind of key turns into its string form and back', () => {
    const s = new Interner();
    const keys: [number, number][] = [
      [entityA('host'), s.id('web|1')],
      [s.id('web1'), s.id('sshd/failed')],
      [SOURCE, s.id('auth.log')],
      [-1000 - s.id(`${F.sourceIp}|${F.userName}`), s.id('10.0.0.7')],
    ];
    const names = keys.map(([a, b]) => seriesName(s, a, b));
    assert.deepEqual(names, ['e|host:web|1', 't|host:web1|sshd/failed', 's|auth.log', 'd|source.ip=10.0.0.7|user.name']);
    names.forEach((n, i) => assert.deepEqual(parseSeriesName(s, n), keys[i]));
    assert.equal(parseSeriesName(s, 'e|user:never-seen'), undefined);
  });
});

describe('calibration across detectors', () => {
  it('turns a raw surprise into how rare such a window has been for that detector', () => {
    const noisy = Array.from({ length: 40 }, (_, i) => (i % 2 ? 3 : 0.5));
    // Half the windows reach 3: a 3 there is ordinary.
    assert.ok(calibrated(3, noisy) < 0.5);
    // Beyond anything seen: at least the floor (rarer than every window kept), plus the excess.
    assert.ok(calibrated(6, noisy) > calibrated(4, noisy));
    assert.ok(calibrated(4, noisy) >= Math.log10(2 * 41));
    // Too little history: left as it is.
    assert.equal(calibrated(3, noisy.slice(0, MIN_CALIBRATION - 1)), 3);
  });
});

describe('recurrence', () => {
  it('reports a kind of line a host logs seldom, and stays quiet on one it logs every hour', () => {
    const model = emptyModel('acme');
    const random = rng(21);
    for (let h = 0; h < 60; h++) {
      const events = normalHour('acme', h, random);
      // A nightly job's line on one host: one hour in twenty-four.
      if (h % 24 === 3) events.push(event('acme', T0 + h * HOUR + 60_000, { [F.hostName]: 'ws-bob' }, 'cron/backup'));
      processWindow(model, W0 + h, events, config);
    }
    const events = normalHour('acme', 60, random);
    events.push(event('acme', T0 + 60 * HOUR + 1000, { [F.hostName]: 'ws-bob' }, 'cron/backup'));
    const r = processWindow(model, W0 + 60, events, config);
    const f = r.findings.find((x) => x.detector === 'recurrence');
    assert.ok(f, r.findings.map((x) => x.kind).join(','));
    assert.equal(f.entity.value, 'ws-bob');
    assert.match(f.reason, /turned up in 3 of the last 60 windows/);
    assert.ok(!r.findings.some((x) => x.detector === 'recurrence' && x.template === 'sshd/login'));
  });

  it('survives a restart: the stored model goes on counting where it stopped', () => {
    const model = emptyModel('acme');
    const random = rng(5);
    for (let h = 0; h < 30; h++) processWindow(model, W0 + h, normalHour('acme', h, random), config);
    const back = reviveModel(JSON.stringify(model));
    const a = processWindow(model, W0 + 30, normalHour('acme', 30, rng(9)), config);
    const b = processWindow(back, W0 + 30, normalHour('acme', 30, rng(9)), config);
    assert.deepEqual(
      b.findings.map((f) => [f.key, f.score]),
      a.findings.map((f) => [f.key, f.score]),
    );
    assert.deepEqual(back.series.get(entityA('user'), back.strings.get('alice')), model.series.get(entityA('user'), model.strings.get('alice')));
  });
});
