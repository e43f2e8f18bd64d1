// Robust baselines and tail probabilities shared by the detectors. Counts are compared on a
// log scale (log1p) with median/MAD, because event counts are bursty and multiplicative: a
// tenfold jump means the same on a quiet host and a busy one.
import type { Series } from './model.ts';

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
  /** Judged against the windows in which the series turned up only (see burstBaseline). */
  bursts?: boolean;
}

/** Smallest log-scale spread assumed: below it a baseline is too flat to trust (e^0.5 ≈ ×1.65). */
export const MIN_LOG_SCALE = 0.5;

/** Windows of the recent (non-seasonal) baseline, in days of windows. */
const RECENT_DAYS = 7;

/** Nearest-rank quantile of a multiset given as `n` sorted values plus `zeros` extra values `z` (z below all). */
function quantileWith(sorted: Float64Array, n: number, zeros: number, z: number, q: number): number {
  const total = n + zeros;
  const rank = Math.min(total - 1, Math.max(0, Math.ceil(q * total) - 1));
  return rank < zeros ? z : (sorted[rank - zeros] ?? z);
}

/** Sorts the first `n` values ascending in place: insertion sort for the short samples most
 *  series have, the typed-array sort (a view, one small allocation) beyond. */
function sortPrefix(a: Float64Array, n: number): void {
  if (n > 32) {
    a.subarray(0, n).sort();
    return;
  }
  for (let i = 1; i < n; i++) {
    const v = a[i] ?? 0;
    let j = i - 1;
    while (j >= 0 && (a[j] ?? 0) > v) {
      a[j + 1] = a[j] ?? 0;
      j--;
    }
    a[j + 1] = v;
  }
}

/** Median of a multiset: the first `n` values of `values` plus `extra` copies of `x` (sorts `values`). */
function medianWith(values: Float64Array, n: number, extra: number, x: number): number {
  // Only the copies near the middle can matter.
  if (extra > n + 1) return x;
  for (let i = 0; i < extra; i++) values[n + i] = x;
  const total = n + extra;
  if (total === 0) return 0;
  sortPrefix(values, total);
  const mid = total >> 1;
  return total % 2 ? (values[mid] ?? 0) : ((values[mid - 1] ?? 0) + (values[mid] ?? 0)) / 2;
}

// Scratch for the baseline of one series at a time: judging thousands of series per window
// allocates nothing, so scoring never makes the collector copy the window's young events.
let logs = new Float64Array(256);
let raw = new Float64Array(256);
let devs = new Float64Array(512);

function room(n: number): void {
  if (n <= logs.length) return;
  let len = logs.length;
  while (len < n) len *= 2;
  logs = new Float64Array(len);
  raw = new Float64Array(len);
  devs = new Float64Array(len * 2);
}

/** Count of window `x` in ascending `windows` (0 when it had no events), by binary search. */
function countIn(windows: ArrayLike<number>, counts: ArrayLike<number>, n: number, x: number): number {
  let lo = 0;
  let hi = n - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = windows[mid] ?? 0;
    if (v === x) return counts[mid] ?? 0;
    if (v < x) lo = mid + 1;
    else hi = mid - 1;
  }
  return 0;
}

/**
 * Baseline of a sparse series for window `w` from the windows before it: the same hour of the
 * week, else of the day, once `seasonalSamples` such windows exist, else the recent week.
 * Returns undefined when the series has fewer than `minHistory` windows of history.
 */
export function seriesBaseline(s: Series, w: number, slotsPerDay: number, seasonalSamples: number, minHistory: number, keep: number): Baseline | undefined {
  return sparseBaseline(s.created, s.windows, s.counts, s.windows.length, w, slotsPerDay, seasonalSamples, minHistory, keep);
}

/** seriesBaseline over a series given as its creation window and its first `n` (window,
 *  count) entries, windows ascending: the series table judges from its columns this way. */
export function sparseBaseline(
  created: number,
  windows: ArrayLike<number>,
  counts: ArrayLike<number>,
  n: number,
  w: number,
  slotsPerDay: number,
  seasonalSamples: number,
  minHistory: number,
  keep: number,
): Baseline | undefined {
  const history = Math.min(keep, w - created);
  if (history < minHistory) return undefined;
  const oldest = w - history;
  const slots = (step: number): number => (w - step >= oldest ? Math.floor((w - oldest) / step) : 0);
  let step = slotsPerDay * 7;
  let seasonal = slots(step) >= seasonalSamples;
  if (!seasonal) {
    step = slotsPerDay;
    seasonal = slots(step) >= seasonalSamples;
  }
  // The non-zero counts of the sample (into `raw`) and how many windows of it were zero.
  let nonzero = 0;
  let zeros: number;
  if (seasonal) {
    const taken = slots(step);
    room(taken);
    for (let x = w - step; x >= oldest; x -= step) {
      const v = countIn(windows, counts, n, x);
      if (v > 0) raw[nonzero++] = v;
    }
    zeros = taken - nonzero;
  } else {
    const from = Math.max(oldest, w - slotsPerDay * RECENT_DAYS);
    room(n);
    for (let i = n - 1; i >= 0 && (windows[i] ?? 0) >= from; i--) if ((windows[i] ?? 0) < w) raw[nonzero++] = counts[i] ?? 0;
    zeros = w - from - nonzero;
  }
  for (let i = 0; i < nonzero; i++) logs[i] = Math.log1p(raw[i] ?? 0);
  sortPrefix(logs, nonzero);
  const center = quantileWith(logs, nonzero, zeros, 0, 0.5);
  if (zeros + nonzero + 1 > devs.length) devs = new Float64Array(2 * (zeros + nonzero + 1));
  for (let i = 0; i < nonzero; i++) devs[i] = Math.abs((logs[i] ?? 0) - center);
  const mad = medianWith(devs, nonzero, zeros, center);
  // Intermittent series (zero most windows, bursts now and then) have a MAD of zero; the
  // upper tail tells how far bursts usually go, so the scale also follows the 95th percentile.
  const q95 = quantileWith(logs, nonzero, zeros, 0, 0.95);
  const scale = Math.max(1.4826 * mad, (q95 - center) / 1.645, MIN_LOG_SCALE);
  sortPrefix(raw, nonzero);
  return { expected: quantileWith(raw, nonzero, zeros, 0, 0.5), center, scale, samples: nonzero + zeros, seasonal };
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
