// Shared by the rate-like detectors: a series' baseline for the window being judged, and the
// end-of-window update of the series a detector owns. Series are sparse (see model.ts): a
// window touches only the series that had events in it.
import { seriesBaseline, type Baseline } from '../baseline.ts';
import { KeyTable } from '../key-table.ts';
import type { Series } from '../model.ts';
import { HOST_A, SOURCE } from '../series-table.ts';
import type { DetectorContext } from './detector.ts';

export function baselineOf(ctx: DetectorContext, s: Series | undefined): Baseline | undefined {
  if (!s) return undefined;
  const c = ctx.config;
  return seriesBaseline(s, ctx.features.window, ctx.slotsPerDay, c.seasonalSamples, c.minHistory, c.historyPeriods);
}

/** baselineOf for the model's series at `slot`, read in place. */
export function slotBaseline(ctx: DetectorContext, slot: number): Baseline | undefined {
  const c = ctx.config;
  return ctx.model.series.baseline(slot, ctx.features.window, ctx.slotsPerDay, c.seasonalSamples, c.minHistory, c.historyPeriods);
}

/** Series whose silence is news: log sources and hosts. */
export function isWatched(a: number): boolean {
  return a === SOURCE || a === HOST_A;
}

/** Records this window's counts of the series whose key passes `owns`, creating new ones. */
export function learnSeries(ctx: DetectorContext, owns: (a: number) => boolean): void {
  const { model, features } = ctx;
  const w = features.window;
  const t = features.series;
  const table = model.series;
  for (let slot = 0; slot < t.size; slot++) {
    const a = t.a(slot);
    if (!owns(a)) continue;
    const b = t.b(slot);
    const before = table.size;
    const s = table.add(a, b, w);
    table.record(s, w, t.count(slot));
    if (isWatched(a)) {
      if (s >= before) model.watched.add(a, b);
      table.setSample(s, features.events[t.first(slot)]?.raw ?? '');
    }
  }
}

/** Drops series silent for the whole history and entries older than it (run now and then). */
export function pruneSeries(ctx: DetectorContext): void {
  const { model, features, config } = ctx;
  const table = model.series;
  table.retain((slot) => features.window - table.last(slot) < config.historyPeriods, features.window - config.historyPeriods);
  const watched = new KeyTable();
  for (let i = 0; i < model.watched.size; i++) {
    const a = model.watched.a[i] ?? 0;
    const b = model.watched.b[i] ?? 0;
    if (table.slot(a, b) >= 0) watched.add(a, b);
  }
  model.watched = watched;
}

export function ratio(actual: number, expected: number): string {
  if (expected <= 0) return actual > 0 ? 'from none' : 'none';
  const r = actual / expected;
  return r >= 1 ? `×${r >= 10 ? Math.round(r) : r.toFixed(1)}` : `${Math.round(r * 100)}%`;
}
