// Robust baselines and tail probabilities shared by the detectors. Counts are compared on a
// log scale (log1p) with median/MAD, because event counts are bursty and multiplicative: a
// tenfold jump means the same on a quiet host and a busy one.

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

/**
 * Baseline for the next slot of a series. `history` is oldest first and ends just before the
 * slot being judged; `slotsPerDay` gives hour-of-day and day-of-week seasonality once enough
 * same-slot samples exist, and the recent week otherwise.
 */
export function baselineOf(history: readonly number[], slotsPerDay: number, seasonalSamples: number): Baseline {
  const n = history.length;
  const sameSlot = (step: number): number[] => {
    const out: number[] = [];
    for (let i = n - step; i >= 0; i -= step) out.push(history[i] ?? 0);
    return out;
  };
  let sample = sameSlot(slotsPerDay * 7);
  let seasonal = true;
  if (sample.length < seasonalSamples) sample = sameSlot(slotsPerDay);
  if (sample.length < seasonalSamples) {
    sample = history.slice(-slotsPerDay * 7);
    seasonal = false;
  }
  const logs = sample.map((v) => Math.log1p(v));
  const center = median(logs);
  const mad = median(logs.map((v) => Math.abs(v - center)));
  // Intermittent series (zero most windows, bursts now and then) have a MAD of zero; the
  // upper tail tells how far bursts usually go, so the scale also follows the 95th percentile.
  const sorted = [...logs].sort((a, b) => a - b);
  const q95 = sorted[Math.min(sorted.length - 1, Math.ceil(0.95 * sorted.length) - 1)] ?? center;
  const scale = Math.max(1.4826 * mad, (q95 - center) / 1.645, MIN_LOG_SCALE);
  return { expected: median(sample), center, scale, samples: sample.length, seasonal };
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
