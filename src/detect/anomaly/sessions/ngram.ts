// N-gram novelty detector (in the spirit of STIDE for syscall traces): the share of a
// session's distinct n-grams never seen in training. Suited to long, variable sessions
// (process traces) where whole count vectors never repeat. The threshold is a high quantile
// of the scores that held-out training sessions get under k-fold, so it comes from normal
// data alone.
import type { SessionDetector, SessionModel } from './detector.ts';
import { heldOutScores } from './kfold.ts';
import type { Session } from './session.ts';

export const NGRAM_SIZE = 4;
/** Share of normal held-out sessions allowed above the threshold. */
export const NGRAM_ALPHA = 0.1;
const INNER_FOLDS = 10;

interface Grams {
  grams: ReadonlySet<string>;
}

function gramsOf(events: readonly string[]): Set<string> {
  const out = new Set<string>();
  // Short sessions still yield one gram, so they are judged rather than ignored.
  const last = Math.max(1, events.length - NGRAM_SIZE + 1);
  for (let i = 0; i < last; i++) out.add(events.slice(i, i + NGRAM_SIZE).join(' '));
  return out;
}

function learn(train: readonly Session[]): Grams {
  const grams = new Set<string>();
  for (const s of train) for (const g of gramsOf(s.events)) grams.add(g);
  return { grams };
}

function novelty(m: Grams, events: readonly string[]): number {
  const g = gramsOf(events);
  let unseen = 0;
  for (const x of g) if (!m.grams.has(x)) unseen++;
  return g.size === 0 ? 0 : unseen / g.size;
}

/** Empirical quantile (nearest rank) of a non-empty list. */
export function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[i] ?? 0;
}

export function fitNgram(train: readonly Session[]): SessionModel & { threshold: number } {
  const model = learn(train);
  const held = heldOutScores(train, INNER_FOLDS, learn, novelty);
  const threshold = held.length > 0 ? quantile(held, 1 - NGRAM_ALPHA) : 0;
  return {
    threshold,
    describe: `ngram: ${model.grams.size} distinct ${NGRAM_SIZE}-grams, threshold ${threshold.toFixed(3)} (the ${(1 - NGRAM_ALPHA) * 100}th percentile of held-out training sessions)`,
    judge(events) {
      const score = novelty(model, events);
      const anomalous = score > threshold;
      return {
        anomalous,
        score,
        reason: anomalous
          ? `${Math.round(score * 100)}% of its ${NGRAM_SIZE}-grams never seen in training (normal sessions stay below ${Math.round(threshold * 100)}%)`
          : '',
      };
    },
  };
}

export const ngramDetector: SessionDetector = {
  name: 'ngram',
  description: `share of unseen ${NGRAM_SIZE}-grams, threshold from k-fold on the training sessions`,
  fit: fitNgram,
};
