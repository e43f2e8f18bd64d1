// Robust baselines and tail probabilities shared by the detectors. Counts are compared on a
// log scale (log1p) with median/MAD, because event counts are bursty and multiplicative: a
// tenfold jump means the same on a quiet host and a busy one.
import { countAt, type Series } from './model.ts';

export function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
}

export interface Baseline {
  /** Median of the raw counts (what the report shows as "expected"). */
  expected: number;
  /** Median and robust scale on the log1p scale. */
  center: number;
  scale: number;
  samples: number;
  seasonal: boolean;
}

/** Smallest log-scale spread assumed: below it a baseline is too flat to trust (e^0.5 ≈ ×1.65). */
export const MIN_LOG_SCALE = 0.5;

/** Windows of the recent (non-seasonal) baseline, in days of windows. */
const RECENT_DAYS = 7;

/** Nearest-rank quantile of a multiset given as sorted values plus `zeros` extra values `z` (z below all). */
function quantileWith(sorted: readonly number[], zeros: number, z: number, q: number): number {
  const n = sorted.length + zeros;
  const rank = Math.min(n - 1, Math.max(0, Math.ceil(q * n) - 1));
  return rank < zeros ? z : (sorted[rank - zeros] ?? z);
}

/** Median of a multiset: sorted values plus `extra` copies of `x` (anywhere in the order). */
function medianWith(values: readonly number[], extra: number, x: number): number {
  const all = [...values];
  // Only the copies near the middle can matter; cap them to keep this cheap.
  for (let i = 0; i < Math.min(extra, values.length + 1); i++) all.push(x);
  if (extra > values.length + 1) return x;
  return median(all);
}

/**
 * Baseline of a sparse series for window `w` from the windows before it: the same hour of the
 * week, else of the day, once `seasonalSamples` such windows exist, else the recent week.
 * Returns undefined when the series has fewer than `minHistory` windows of history.
 */
export function seriesBaseline(s: Series, w: number, slotsPerDay: number, seasonalSamples: number, minHistory: number, keep: number): Baseline | undefined {
  const history = Math.min(keep, w - s.created);
  if (history < minHistory) return undefined;
  const oldest = w - history;
  const sameSlot = (step: number): number[] => {
    const out: number[] = [];
    for (let x = w - step; x >= oldest; x -= step) out.push(countAt(s, x));
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
    const from = Math.max(oldest, w - slotsPerDay * RECENT_DAYS);
    nonzero = [];
    for (let i = s.windows.length - 1; i >= 0 && (s.windows[i] ?? 0) >= from; i--) if ((s.windows[i] ?? 0) < w) nonzero.push(s.counts[i] ?? 0);
    zeros = w - from - nonzero.length;
  }
  const logs = nonzero.map((v) => Math.log1p(v)).sort((a, b) => a - b);
  const center = quantileWith(logs, zeros, 0, 0.5);
  const mad = medianWith(
    logs.map((v) => Math.abs(v - center)),
    zeros,
    center,
  );
  // Intermittent series (zero most windows, bursts now and then) have a MAD of zero; the
  // upper tail tells how far bursts usually go, so the scale also follows the 95th percentile.
  const q95 = quantileWith(logs, zeros, 0, 0.95);
  const scale = Math.max(1.4826 * mad, (q95 - center) / 1.645, MIN_LOG_SCALE);
  const raw = nonzero.sort((a, b) => a - b);
  return { expected: quantileWith(raw, zeros, 0, 0.5), center, scale, samples: nonzero.length + zeros, seasonal };
}

/** Baseline of a dense history (oldest first), for the report's chart. */
export function denseBaseline(history: readonly number[], w: number, slotsPerDay: number, seasonalSamples: number): Baseline | undefined {
  const s: Series = { created: w - history.length, last: w - 1, windows: [], counts: [] };
  history.forEach((v, i) => {
    if (v > 0) {
      s.windows.push(s.created + i);
      s.counts.push(v);
    }
  });
  return seriesBaseline(s, w, slotsPerDay, seasonalSamples, 1, Number.MAX_SAFE_INTEGER);
}

/** Robust z of `value` above the baseline (negative when below). */
export function zAbove(b: Baseline, value: number): number {
  return (Math.log1p(value) - b.center) / b.scale;
}

/** Surprise of a robust z, with an exponential (Laplace) tail: heavier than a normal one,
 *  because real counts have outliers, so ten MADs is notable but not astronomically so. */
export function surpriseOfZ(z: number): number {
  return z > 0 ? z * Math.LOG10E : 0;
}

/** -log10 P(X >= k) for X ~ Poisson(lambda): exact for small k, Chernoff bound beyond. */
export function poissonTailSurprise(k: number, lambda: number): number {
  if (k <= 0) return 0;
  if (lambda <= 0) return 12;
  if (k <= 20) {
    let term = Math.exp(-lambda);
    let below = 0;
    for (let i = 0; i < k; i++) {
      below += term;
      term *= lambda / (i + 1);
    }
    const tail = 1 - below;
    if (tail > 1e-12) return -Math.log10(tail);
  }
  if (k <= lambda) return 0;
  return -(-lambda + k * (1 + Math.log(lambda) - Math.log(k))) * Math.LOG10E;
}

/**
 * Surprise of a never-seen item appearing `count` times in a window of `windowEvents` events.
 * Good-Turing gives the chance that an observation is of a new kind, (items seen once + 1) /
 * (observations + 2), so a tenant that sees new things all the time is less surprised by one
 * more; the count enters with diminishing weight (1 + log2), because a new kind of line that
 * repeats is one new thing, not thousands.
 */
export function noveltySurprise(singletons: number, observations: number, windowEvents: number, count: number): number {
  const pNew = (singletons + 1) / (observations + 2);
  const lambda = Math.max(1, windowEvents) * pNew;
  return poissonTailSurprise(Math.round(1 + Math.log2(Math.max(1, count))), lambda);
}
