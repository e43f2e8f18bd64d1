// Shared by the rate-like detectors: a series' history up to the window being judged, its
// baseline, and the end-of-window update of every series a detector owns.
import { baselineOf, type Baseline } from '../baseline.ts';
import type { TenantModel } from '../model.ts';
import { pushSeries } from '../model.ts';
import type { DetectorContext } from './detector.ts';

/** History of a series up to window `w` (exclusive), zero-filled, or undefined if too short. */
export function historyBefore(model: TenantModel, key: string, w: number, minHistory: number): number[] | undefined {
  const s = model.series[key];
  if (!s) return undefined;
  const gap = Math.max(0, w - s.last - 1);
  const values = gap > 0 ? [...s.values, ...new Array<number>(Math.min(gap, 24 * 7 * 8)).fill(0)] : s.values;
  return values.length >= minHistory ? values : undefined;
}

export function baselineFor(ctx: DetectorContext, key: string): Baseline | undefined {
  const h = historyBefore(ctx.model, key, ctx.features.window, ctx.config.minHistory);
  return h ? baselineOf(h, ctx.slotsPerDay, ctx.config.seasonalSamples) : undefined;
}

/**
 * Pushes this window's value into every series with `prefix` (zero when absent from the
 * window), creates series for new keys, and drops series silent for the whole history.
 */
export function learnSeries(ctx: DetectorContext, prefix: string, counts: ReadonlyMap<string, { count: number; samples?: string[] }>): void {
  const { model, features, config } = ctx;
  const w = features.window;
  for (const [key, t] of counts) {
    if (!key.startsWith(prefix)) continue;
    let s = model.series[key];
    if (!s) model.series[key] = s = { last: w - 1, values: [] };
    pushSeries(s, w, t.count, config.historyPeriods);
    const sample = t.samples?.[0];
    if (sample !== undefined) s.sample = sample;
  }
  for (const [key, s] of Object.entries(model.series)) {
    if (!key.startsWith(prefix) || counts.has(key)) continue;
    if (w - s.last >= config.historyPeriods) delete model.series[key];
    else pushSeries(s, w, 0, config.historyPeriods);
  }
}

export function ratio(actual: number, expected: number): string {
  if (expected <= 0) return actual > 0 ? 'from none' : 'none';
  const r = actual / expected;
  return r >= 1 ? `×${r >= 10 ? Math.round(r) : r.toFixed(1)}` : `${Math.round(r * 100)}%`;
}
