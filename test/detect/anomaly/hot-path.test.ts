import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import type { Event } from '../../../src/core/event.ts';
import { F } from '../../../src/core/fields.ts';
import { MIN_LOG_SCALE, seriesBaseline } from '../../../src/detect/anomaly/baseline.ts';
import { anomalyConfig } from '../../../src/detect/anomaly/config.ts';
import { extractFeatures, pairKind, TEMPLATE } from '../../../src/detect/anomaly/features.ts';
import { Interner } from '../../../src/detect/anomaly/interner.ts';
import type { Series } from '../../../src/detect/anomaly/model.ts';
import { DISTINCT_BASE, entityA, SeriesTable } from '../../../src/detect/anomaly/series-table.ts';
import { event, rng, T0 } from './demo-events.ts';

const config = anomalyConfig();

/** The baseline as first written, with plain arrays: the reference the in-place one must match exactly. */
function referenceBaseline(s: Series, w: number, slotsPerDay: number, seasonalSamples: number, minHistory: number, keep: number) {
  const countAt = (x: number): number => {
    const i = s.windows.indexOf(x);
    return i < 0 ? 0 : (s.counts[i] ?? 0);
  };
  const quantile = (sorted: number[], zeros: number, q: number): number => {
    const n = sorted.length + zeros;
    const rank = Math.min(n - 1, Math.max(0, Math.ceil(q * n) - 1));
    return rank < zeros ? 0 : (sorted[rank - zeros] ?? 0);
  };
  const median = (v: number[]): number => {
    if (!v.length) return 0;
    const x = [...v].sort((a, b) => a - b);
    const mid = x.length >> 1;
    return x.length % 2 ? (x[mid] ?? 0) : ((x[mid - 1] ?? 0) + (x[mid] ?? 0)) / 2;
  };
  const history = Math.min(keep, w - s.created);
  if (history < minHistory) return undefined;
  const oldest = w - history;
  const sameSlot = (step: number): number[] => {
    const out: number[] = [];
    for (let x = w - step; x >= oldest; x -= step) out.push(countAt(x));
    return out;
  };
  let sample: number[] | undefined;
  let seasonal = true;
  const week = sameSlot(slotsPerDay * 7);
  if (week.length >= seasonalSamples) sample = week;
  else {
    const day = sameSlot(slotsPerDay);
    if (day.length >= seasonalSamples) sample = day;
  }
  let nonzero: number[];
  let zeros: number;
  if (sample) {
    nonzero = sample.filter((v) => v > 0);
    zeros = sample.length - nonzero.length;
  } else {
    seasonal = false;
    const from = Math.max(oldest, w - slotsPerDay * 7);
    nonzero = s.windows.flatMap((x, i) => (x >= from && x < w ? [s.counts[i] ?? 0] : []));
    zeros = w - from - nonzero.length;
  }
  const logs = nonzero.map((v) => Math.log1p(v)).sort((a, b) => a - b);
  const center = quantile(logs, zeros, 0.5);
  const devs = logs.map((v) => Math.abs(v - center));
  const mad = zeros > devs.length + 1 ? center : median([...devs, ...Array<number>(zeros).fill(center)]);
  const scale = Math.max(1.4826 * mad, (quantile(logs, zeros, 0.95) - center) / 1.645, MIN_LOG_SCALE);
  return { expected: quantile([...nonzero].sort((a, b) => a - b), zeros, 0.5), center, scale, samples: nonzero.length + zeros, seasonal };
}

describe('the anomaly stage hot path', () => {
  it('interner: one id per string, stable across growth, a restart and strings that look alike', () => {
    const s = new Interner();
    const values = Array.from({ length: 20_000 }, (_, i) => `10.${i >> 8}.${i & 255}.7`);
    values.push('', '__proto__', 'constructor', 'ü', '😀');
    const ids = values.map((v) => s.id(v));
    assert.deepEqual(ids, values.map((_, i) => i));
    values.forEach((v, i) => assert.equal(s.id(v), i));
    assert.equal(s.size, values.length);
    assert.equal(s.get('10.0.0.8'), -1);
    assert.equal(s.size, values.length, 'get never adds');
    const back = new Interner(JSON.parse(JSON.stringify(s)) as string[]);
    values.forEach((v, i) => assert.equal(back.get(v), i));
    assert.equal(back.id('new'), values.length);
  });

  it('baselines read from the series table in place match the array-based baseline exactly', () => {
    const random = rng(11);
    const table = new SeriesTable();
    const series: { slot: number; s: Series }[] = [];
    for (let k = 0; k < 300; k++) {
      const created = Math.floor(random() * 400);
      const slot = table.add(entityA('user'), k, created);
      const s: Series = { created, last: created, windows: [], counts: [] };
      const density = random();
      const scale = 1 + Math.floor(random() * 1000);
      for (let w = created; w < 800; w++) {
        if (random() > density) continue;
        const c = 1 + Math.floor(random() * scale);
        table.record(slot, w, c);
        s.windows.push(w);
        s.counts.push(c);
      }
      series.push({ slot, s });
    }
    let judged = 0;
    for (const { slot, s } of series) {
      for (const [w, perDay, seasonal, min, keep] of [
        [800, 24, 4, 12, 672],
        [650, 24, 2, 2, 100],
        [500, 4, 4, 12, 672],
        [800, 1, 3, 5, 40],
      ] as const) {
        const want = referenceBaseline(s, w, perDay, seasonal, min, keep);
        assert.deepEqual(table.baseline(slot, w, perDay, seasonal, min, keep), want);
        assert.deepEqual(seriesBaseline(s, w, perDay, seasonal, min, keep), want);
        if (want) judged++;
      }
    }
    assert.ok(judged > 500);
  });

  it('features: template keys stay right when mined and parsed events interleave', () => {
    const strings = new Interner();
    const events: Event[] = [];
    for (let i = 0; i < 30; i++) {
      const e = event('acme', T0 + i * 1000, { [F.userName]: `u${i % 3}`, [F.eventAction]: i % 2 ? 'login' : 'logout' }, i % 3 ? 'mined-1' : 'mined-2');
      // Every fourth event is a parsed one (no mined template): keyed by parser and action.
      if (i % 4 === 0) delete e.templateId;
      events.push(e);
    }
    const f = extractFeatures(events, 1, config, strings);
    const want = new Map<string, number>();
    for (const e of events) {
      const k = e.templateId ?? `demo/${String(e.fields[F.eventAction])}`;
      want.set(k, (want.get(k) ?? 0) + 1);
    }
    const got = new Map<string, number>();
    for (let s = 0; s < f.templates.size; s++) got.set(strings.str(f.templates.a(s)), f.templates.count(s));
    assert.deepEqual(got, want);
  });

  it('features: distinct values per entity, and the values listed, whichever table holds the pairs', () => {
    const strings = new Interner();
    const random = rng(5);
    const events: Event[] = [];
    for (let i = 0; i < 2000; i++) {
      const fields: Record<string, string> = { [F.sourceIp]: `10.0.0.${Math.floor(random() * 30)}`, [F.hostName]: `h${Math.floor(random() * 6)}` };
      if (random() < 0.8) fields[F.userName] = `u${Math.floor(random() * 12)}`;
      events.push(event('acme', T0 + i, fields, `t${Math.floor(random() * 4)}`));
    }
    const f = extractFeatures(events, 1, config, strings);
    for (const [a, b] of config.distinct) {
      const kind = pairKind(a, b);
      const valueOf = (e: Event, field: string): string | undefined => (field === TEMPLATE ? e.templateId : (e.fields[field] as string | undefined));
      // Distinct values per entity, in the order entities first turned up with a value.
      const want = new Map<string, string[]>();
      for (const e of events) {
        const x = valueOf(e, a);
        const y = valueOf(e, b);
        if (x === undefined || y === undefined) continue;
        const seen = want.get(x) ?? [];
        if (!seen.includes(y)) seen.push(y);
        want.set(x, seen);
      }
      const da = DISTINCT_BASE - strings.get(kind);
      const got = new Map<string, number>();
      for (let s = 0; s < f.distinct.size; s++) if (f.distinct.a(s) === da) got.set(strings.str(f.distinct.b(s)), f.distinct.count(s));
      assert.deepEqual([...got], [...want].map(([x, ys]) => [x, ys.length]), kind);
      const pairs = f.distinctPairs.get(kind);
      assert.ok(pairs, kind);
      const listed = new Map<string, string[]>();
      const [entities, values] = pairs.swapped ? [pairs.keys.b, pairs.keys.a] : [pairs.keys.a, pairs.keys.b];
      for (let p = 0; p < pairs.keys.size; p++) {
        const x = strings.str(entities[p] ?? 0);
        listed.set(x, [...(listed.get(x) ?? []), strings.str(values[p] ?? 0)]);
      }
      assert.deepEqual(listed, want, kind);
    }
  });
});
