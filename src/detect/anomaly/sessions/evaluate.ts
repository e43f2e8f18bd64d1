// Precision, recall, F1 and false-positive rate of a session detector on labelled files.
// Without normal test sessions the false-positive rate is estimated by k-fold on the
// training sessions, and precision/F1 are computed for an assumed number of normal sessions
// (stated in the result), because they depend on the normal:abnormal ratio.
import type { SessionDetector } from './detector.ts';
import { folds } from './kfold.ts';
import type { Session } from './session.ts';

export const EVAL_FOLDS = 10;
/** ait-sequences convention: the training file is a 1% sample of the normal sessions. */
export const DEFAULT_TRAIN_SHARE = 0.01;

export interface EvalInput {
  detector: SessionDetector;
  train: readonly Session[];
  testAbnormal: readonly Session[];
  testNormal?: readonly Session[];
  /** Normal sessions to assume when there is no normal test file. */
  normalCount?: number;
  folds?: number;
}

export interface EvalResult {
  detector: string;
  /** The fitted model in words (for `auto`, which method it chose). */
  model: string;
  precision: number;
  recall: number;
  f1: number;
  falsePositiveRate: number;
  /** Same as falsePositiveRate, under the short name scripts tend to look for. */
  fpr: number;
  tp: number;
  fn: number;
  fp: number;
  tn: number;
  /** `test-normal` or `k-fold` (estimated on the training sessions). */
  fprSource: 'test-normal' | 'k-fold';
  note?: string;
  sessions: { train: number; testNormal: number; testAbnormal: number };
}

export function evaluate(input: EvalInput): EvalResult {
  const { detector, train, testAbnormal, testNormal } = input;
  if (train.length === 0) throw new Error('the training file holds no sessions');
  if (testAbnormal.length === 0) throw new Error('the abnormal test file holds no sessions');
  const model = detector.fit(train);
  const tp = testAbnormal.filter((s) => model.judge(s.events).anomalous).length;
  const fn = testAbnormal.length - tp;
  let fp: number;
  let tn: number;
  let fpr: number;
  let note: string | undefined;
  if (testNormal && testNormal.length > 0) {
    fp = testNormal.filter((s) => model.judge(s.events).anomalous).length;
    tn = testNormal.length - fp;
    fpr = fp / testNormal.length;
  } else {
    const k = input.folds ?? EVAL_FOLDS;
    let flagged = 0;
    const parts = folds(train, k);
    for (const { train: tr, held } of parts) {
      const m = detector.fit(tr);
      for (const s of held) if (m.judge(s.events).anomalous) flagged++;
    }
    fpr = flagged / train.length;
    const normals = input.normalCount ?? Math.round(train.length * (1 / DEFAULT_TRAIN_SHARE - 1));
    fp = fpr * normals;
    tn = normals - fp;
    note =
      `no normal test sessions: false-positive rate estimated by ${parts.length}-fold on the ${train.length} training sessions; ` +
      `precision and F1 assume ${normals} normal sessions` +
      (input.normalCount === undefined ? ` (training file taken as a ${DEFAULT_TRAIN_SHARE * 100}% sample of the normal sessions)` : '');
  }
  const precision = tp + fp > 0 ? tp / (tp + fp) : 0;
  const recall = tp / testAbnormal.length;
  const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  return {
    detector: detector.name,
    model: model.describe,
    precision,
    recall,
    f1,
    falsePositiveRate: fpr,
    fpr,
    tp,
    fn,
    fp,
    tn,
    fprSource: testNormal && testNormal.length > 0 ? 'test-normal' : 'k-fold',
    ...(note ? { note } : {}),
    sessions: { train: train.length, testNormal: testNormal?.length ?? 0, testAbnormal: testAbnormal.length },
  };
}
