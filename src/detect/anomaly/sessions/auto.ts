// The default: one configuration for every data set. Count vectors are exact and quiet when
// normal sessions repeat a small set of patterns (HDFS, OpenStack); when the training data
// itself shows they do not (held-out normal sessions often fall outside every learned box,
// as with syscall traces), n-gram novelty with a learned threshold takes over. The choice
// uses the normal training sessions only.
import { fitCountVector } from './count-vector.ts';
import type { SessionDetector } from './detector.ts';
import { heldOutScores } from './kfold.ts';
import { fitNgram } from './ngram.ts';

/** Above this held-out false-positive rate the count-vector model is judged too strict. */
export const MAX_PATTERN_FPR = 0.02;
const INNER_FOLDS = 10;

export const autoDetector: SessionDetector = {
  name: 'auto',
  description: `count-vector when its k-fold false-positive rate on the training sessions is at most ${MAX_PATTERN_FPR}, else ngram`,
  fit(train) {
    const held = heldOutScores(train, INNER_FOLDS, fitCountVector, (m, e) => (m.judge(e).anomalous ? 1 : 0));
    const fpr = held.length ? held.reduce((a, b) => a + b, 0) / held.length : 0;
    return fpr <= MAX_PATTERN_FPR ? fitCountVector(train) : fitNgram(train);
  },
};
