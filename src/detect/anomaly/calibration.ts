// Calibration of surprise across detectors. A detector judges many things per window (every
// series, every pair), so its strongest finding in an ordinary window is not surprising, and
// a detector that judges more things, or whose baselines are too tight for the data, looks
// more alarming than it is. So a raw surprise s is replaced by how rare a window whose
// strongest finding of that detector reaches s has been in this tenant's recent windows:
//   calibrated(s) = -log10((windows with maximum >= s + 1/2) / (windows + 1)),
// and beyond the highest maximum seen, that floor plus the excess (the raw scale is -log10 p,
// so each unit beyond is another factor of ten). Learned online, without labels, per tenant
// and detector: this is what makes a score mean the same whichever detector produced it.

/** Windows of per-detector maxima kept (one week of hours). */
export const CALIBRATION_WINDOWS = 24 * 7;
/** Windows of history before calibration applies. */
export const MIN_CALIBRATION = 12;

export function calibrated(s: number, maxima: readonly number[] | undefined): number {
  if (!maxima || maxima.length < MIN_CALIBRATION) return s;
  let reached = 0;
  let highest = 0;
  for (const m of maxima) {
    if (m >= s) reached++;
    if (m > highest) highest = m;
  }
  const n = maxima.length + 1;
  if (reached > 0) return -Math.log10((reached + 0.5) / n);
  return -Math.log10(0.5 / n) + Math.max(0, s - highest);
}

/** Records a window's strongest raw surprise of a detector. */
export function recordMaximum(maxima: number[], max: number): void {
  maxima.push(Math.round(max * 1000) / 1000);
  if (maxima.length > CALIBRATION_WINDOWS) maxima.shift();
}
