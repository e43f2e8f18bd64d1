// K-fold over training sessions: how often a detector flags normal sessions it did not
// learn from. Used both to estimate the false-positive rate when no normal test file exists
// and, inside detectors, to pick thresholds from the training data's own score distribution.
import type { Session } from './session.ts';

/** Deterministic folds (index modulo k): the session files are already random samples. */
export function folds<T>(items: readonly T[], k: number): { train: T[]; held: T[] }[] {
  const n = Math.max(2, Math.min(k, items.length));
  const out: { train: T[]; held: T[] }[] = [];
  for (let f = 0; f < n; f++) {
    const train: T[] = [];
    const held: T[] = [];
    items.forEach((item, i) => (i % n === f ? held : train).push(item));
    out.push({ train, held });
  }
  return out;
}

/** Scores of each held-out session under a model fitted on the other folds. */
export function heldOutScores<M>(
  sessions: readonly Session[],
  k: number,
  fit: (train: readonly Session[]) => M,
  score: (model: M, events: readonly string[]) => number,
): number[] {
  const scores: number[] = [];
  for (const { train, held } of folds(sessions, k)) {
    const model = fit(train);
    for (const s of held) scores.push(score(model, s.events));
  }
  return scores;
}
