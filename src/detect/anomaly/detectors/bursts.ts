// The count of an intermittent series (absent in most windows: a kind of alert a host raises
// now and then) judged against the windows in which it turned up. Whether it turns up at all
// is the recurrence detector's question; judging the count against the zeros in between as
// well would make every ordinary burst a spike and count the same news twice. So the rate
// of such a series is a two-part (hurdle) model: presence by recurrence, size by this.
import { median, MIN_LOG_SCALE, type Baseline } from '../baseline.ts';
import type { Series } from '../model.ts';

/** Bursts in the history before a burst's size can be judged. */
export const MIN_BURSTS = 3;

/** Nearest-rank quantile of ascending values. */
function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? 0;
}

/**
 * Baseline of a series' non-zero windows in the `keep` windows before `w` (median/MAD on the
 * log scale, as seriesBaseline), or undefined with fewer than MIN_BURSTS of them.
 */
export function burstBaseline(s: Series, w: number, keep: number): Baseline | undefined {
  const from = Math.max(s.created, w - keep);
  const counts: number[] = [];
  for (let i = s.windows.length - 1; i >= 0 && (s.windows[i] ?? 0) >= from; i--) if ((s.windows[i] ?? 0) < w && (s.counts[i] ?? 0) > 0) counts.push(s.counts[i] ?? 0);
  if (counts.length < MIN_BURSTS) return undefined;
  counts.sort((a, b) => a - b);
  const logs = counts.map((v) => Math.log1p(v));
  const center = quantile(logs, 0.5);
  const mad = median(logs.map((v) => Math.abs(v - center)));
  const scale = Math.max(1.4826 * mad, (quantile(logs, 0.95) - center) / 1.645, MIN_LOG_SCALE);
  return { expected: quantile(counts, 0.5), center, scale, samples: counts.length, seasonal: false, bursts: true };
}
