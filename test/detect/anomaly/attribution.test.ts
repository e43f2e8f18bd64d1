// Attribution across windows and the detectors behind it: evidence carried per entity, the
// count of an intermittent series against its own bursts, and silence judged against the
// series' whole history.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { F } from '../../../src/core/fields.ts';
import { anomalyConfig } from '../../../src/detect/anomaly/config.ts';
import { burstBaseline, MIN_BURSTS } from '../../../src/detect/anomaly/detectors/bursts.ts';
import { processWindow, windowOf } from '../../../src/detect/anomaly/engine.ts';
import { finish, type FindingDraft } from '../../../src/detect/anomaly/finding.ts';
import { markFalsePositive } from '../../../src/detect/anomaly/feedback.ts';
import { emptyModel, type Series } from '../../../src/detect/anomaly/model.ts';
import { EVIDENCE_DECAY, rollUp, type CarriedEvidence } from '../../../src/detect/anomaly/rollup.ts';
import { buildReport } from '../../../src/detect/anomaly/report/report-model.ts';
import { renderMarkdown } from '../../../src/detect/anomaly/report/render-markdown.ts';
import type { Event } from '../../../src/core/event.ts';
import { event, HOUR, normalHour, rng, T0 } from './demo-events.ts';

const config = anomalyConfig();
const W0 = windowOf(T0, config);

function finding(value: string, surprise: number, key = `k:${value}`): ReturnType<typeof finish> {
  const draft: FindingDraft = { detector: 'recurrence', kind: 'rare-pair', entity: { type: 'host', value }, key, surprise, reason: `odd ${value}`, samples: [] };
  return finish(draft, 't', 0);
}

describe('evidence carried per entity', () => {
  it('adds what is left of an entity\'s earlier evidence to its findings of this window', () => {
    const evidence: Record<string, CarriedEvidence> = Object.create(null);
    const first = rollUp([finding('share', 2)], evidence, 10);
    assert.equal(first[0]?.carried, 0);
    const again = rollUp([finding('share', 2), finding('mail', 2.5)], evidence, 11);
    const share = again.find((e) => e.entity.value === 'share');
    assert.ok(share);
    assert.equal(share.carried, 2 * EVIDENCE_DECAY);
    assert.equal(share.surprise, 2 + 2 * EVIDENCE_DECAY);
    // The persistent entity outranks one with a stronger finding seen only now.
    assert.equal(again[0]?.entity.value, 'share');
  });

  it('decays over the windows between findings and never lists an entity without findings now', () => {
    const evidence: Record<string, CarriedEvidence> = Object.create(null);
    rollUp([finding('share', 4)], evidence, 10);
    assert.deepEqual(rollUp([finding('mail', 1)], evidence, 11).map((e) => e.entity.value), ['mail']);
    const later = rollUp([finding('share', 1)], evidence, 13);
    assert.equal(later[0]?.carried, 4 * EVIDENCE_DECAY ** 3);
    // Evidence too small to matter is forgotten, so the map stays small.
    rollUp([], evidence, 30);
    assert.deepEqual(Object.keys(evidence), []);
  });

  it('says in the report how much of an entity\'s score its earlier windows gave', () => {
    const model = emptyModel('acme');
    const random = rng(3);
    for (let h = 0; h < 48; h++) processWindow(model, W0 + h, normalHour('acme', h, random), config);
    // mallory, never seen, logs in to bob's host two hours running.
    const odd = (h: number): Event[] => [
      ...normalHour('acme', h, random),
      event('acme', T0 + h * HOUR + 60_000, { [F.userName]: 'mallory', [F.hostName]: `ws-bob-${h}`, [F.sourceIp]: '10.0.0.66' }),
    ];
    const r1 = processWindow(model, W0 + 48, odd(48), config);
    const m1 = r1.entities.find((e) => e.entity.value === 'mallory');
    assert.ok(m1, JSON.stringify(r1.findings.map((f) => f.reason)));
    assert.equal(m1.carried, 0);
    const r2 = processWindow(model, W0 + 49, odd(49), config);
    const m2 = r2.entities.find((e) => e.entity.value === 'mallory');
    assert.ok(m2);
    assert.ok(m2.carried > 0);
    const report = buildReport(r2, model, config);
    const entry = report.topEntities.find((e) => e.entity.value === 'mallory');
    assert.ok(entry?.windowScore !== undefined && entry.windowScore < entry.score);
    assert.match(renderMarkdown(report), /mallory.*this window alone: \d+/);
  });
});

function series(created: number, entries: [number, number][]): Series {
  return { created, last: entries.at(-1)?.[0] ?? created, windows: entries.map((e) => e[0]), counts: entries.map((e) => e[1]) };
}

describe('counts of an intermittent series', () => {
  it('are judged against the windows in which it turned up', () => {
    const s = series(0, [
      [10, 5],
      [40, 6],
      [70, 4],
      [90, 5],
    ]);
    const b = burstBaseline(s, 100, 1000);
    assert.ok(b);
    assert.equal(b.expected, 5);
    assert.equal(b.samples, 4);
    assert.equal(b.bursts, true);
    // Windows outside the history, and the window judged itself, do not count.
    assert.equal(burstBaseline(s, 100, 50)?.samples, undefined);
    assert.equal(burstBaseline(s, 70, 1000), undefined);
  });

  it('are not judged before the series has had a few bursts', () => {
    assert.equal(MIN_BURSTS, 3);
    assert.equal(burstBaseline(series(0, [[5, 9], [50, 9]]), 100, 1000), undefined);
  });

  it('make an ordinary burst no spike and a large one a spike', () => {
    const model = emptyModel('acme');
    const random = rng(11);
    const burst = (h: number, n: number): Event[] => {
      const out = normalHour('acme', h, random);
      for (let i = 0; i < n; i++) out.push(event('acme', T0 + h * HOUR + i * 1000, { [F.hostName]: 'backup-1' }, 'backup/done', 'backup.log'));
      return out;
    };
    // A backup host logs a handful of lines every ten hours and nothing in between.
    for (let h = 0; h < 60; h++) processWindow(model, W0 + h, h % 10 === 5 ? burst(h, 5) : normalHour('acme', h, random), config);
    const usual = processWindow(model, W0 + 65, burst(65, 6), config);
    assert.ok(!usual.findings.some((f) => f.kind === 'rate-spike' && f.entity.value === 'backup-1'), JSON.stringify(usual.findings.map((f) => f.reason)));
    const big = processWindow(model, W0 + 66, burst(66, 300), config);
    const spike = big.findings.find((f) => f.kind === 'rate-spike' && f.entity.value === 'backup-1');
    assert.ok(spike, JSON.stringify(big.findings.map((f) => f.reason)));
    assert.match(spike.reason, /windows in which it turned up/);
  });
});

describe('silence against the whole history', () => {
  /** Steady traffic from `host` (20 lines an hour) plus the office's. */
  const steady = (h: number, random: () => number, n = 20): Event[] => {
    const out = normalHour('acme', h, random);
    for (let i = 0; i < n; i++) out.push(event('acme', T0 + h * HOUR + i * 1000, { [F.hostName]: 'dns-1' }, 'named/query', 'named.log'));
    return out;
  };

  it('reports a steady host that drops to a fraction of its volume, less so as the drop goes on', () => {
    const model = emptyModel('acme');
    const random = rng(5);
    for (let h = 0; h < 60; h++) processWindow(model, W0 + h, steady(h, random), config);
    const drop = processWindow(model, W0 + 60, steady(60, random, 3), config);
    const first = drop.findings.find((f) => f.kind === 'silence' && f.entity.value === 'dns-1');
    assert.ok(first, JSON.stringify(drop.findings.map((f) => f.reason)));
    assert.match(first.reason, /3 events vs a median of 20; below 30% of it in 0 of the last 60 windows/);
    const next = processWindow(model, W0 + 61, steady(61, random, 0), config);
    const second = next.findings.find((f) => f.kind === 'silence' && f.entity.value === 'dns-1');
    assert.ok(!second || second.surprise < first.surprise);
  });

  it('a drop marked as a false positive is forgotten, not taken for a spike to accept', () => {
    const model = emptyModel('acme');
    const random = rng(7);
    for (let h = 0; h < 60; h++) processWindow(model, W0 + h, steady(h, random), config);
    const drop = processWindow(model, W0 + 60, steady(60, random, 3), config);
    const first = drop.findings.find((f) => f.kind === 'silence' && f.entity.value === 'dns-1');
    assert.ok(first && (first.actual ?? 0) > 0);
    markFalsePositive(model, first);
    // The same drop again in the next window is not reported: the series starts over.
    const again = processWindow(model, W0 + 61, steady(61, random, 3), config);
    assert.ok(!again.findings.some((f) => f.kind === 'silence' && f.entity.value === 'dns-1'), JSON.stringify(again.findings.map((f) => f.reason)));
  });

  it('does not report a host that often dips that low', () => {
    const model = emptyModel('acme');
    const random = rng(6);
    for (let h = 0; h < 60; h++) processWindow(model, W0 + h, steady(h, random, h % 3 === 0 ? 2 : 20), config);
    const r = processWindow(model, W0 + 61, steady(61, random, 2), config);
    assert.ok(!r.findings.some((f) => f.kind === 'silence' && f.entity.value === 'dns-1'), JSON.stringify(r.findings.map((f) => f.reason)));
  });
});
