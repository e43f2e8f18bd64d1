// Shared by the rate-like detectors: a series' baseline for the window being judged, and the
// end-of-window update of the series a detector owns. Series are sparse (see model.ts): a
// window touches only the series that had events in it.
import { seriesBaseline, type Baseline } from '../baseline.ts';
import { pushSeries } from '../model.ts';
import type { DetectorContext } from './detector.ts';

export function baselineFor(ctx: DetectorContext, key: string): Baseline | undefined {
  const s = ctx.model.series[key];
  if (!s) return undefined;
  const c = ctx.config;
  return seriesBaseline(s, ctx.features.window, ctx.slotsPerDay, c.seasonalSamples, c.minHistory, c.historyPeriods);
}

/** Series whose silence is news: log sources and hosts. */
export function isWatched(key: string): boolean {
  return key.startsWith('s|') || key.startsWith('e|host:');
}

/** Records this window's counts of the series with `prefix`, creating new ones. */
export function learnSeries(ctx: DetectorContext, prefix: string, counts: ReadonlyMap<string, { count: number; samples?: string[] }>): void {
  const { model, features, config } = ctx;
  const w = features.window;
  for (const [key, t] of counts) {
    if (!key.startsWith(prefix)) continue;
    let s = model.series[key];
    if (!s) {
      // Made with this window's count in place: most series are new addresses that may never
      // come back, and an empty array would grow to room for 17 on its first push.
      model.series[key] = s = t.count > 0 ? { created: w, last: w, windows: [w], counts: [t.count] } : { created: w, last: w, windows: [], counts: [] };
      if (isWatched(key)) model.watched[key] = 1;
    } else pushSeries(s, w, t.count, config.historyPeriods);
    const sample = t.samples?.[0];
    if (sample !== undefined && isWatched(key)) s.sample = sample;
  }
}

/** Drops series silent for the whole history (run now and then, not every window). */
export function pruneSeries(ctx: DetectorContext): void {
  const { model, features, config } = ctx;
  for (const [key, s] of Object.entries(model.series)) {
    if (features.window - s.last >= config.historyPeriods) {
      delete model.series[key];
      delete model.watched[key];
    }
  }
}

export function ratio(actual: number, expected: number): string {
  if (expected <= 0) return actual > 0 ? 'from none' : 'none';
  const r = actual / expected;
  return r >= 1 ? `×${r >= 10 ? Math.round(r) : r.toFixed(1)}` : `${Math.round(r * 100)}%`;
}
