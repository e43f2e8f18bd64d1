// Session figures on ait-sequences: the same code path as `stegosoc anomaly eval`.
import { join } from 'node:path';
import { evaluate, type EvalResult } from '../../src/detect/anomaly/sessions/evaluate.ts';
import { sessionDetector } from '../../src/detect/anomaly/sessions/registry.ts';
import { readSessions, type Session } from '../../src/detect/anomaly/sessions/session.ts';

export function sequenceFigure(shared: string, dir: string, prefix: string, normalCount?: number, detector = 'auto'): EvalResult {
  const d = join(shared, 'datasets', 'ait-sequences', dir);
  let testNormal: Session[] | undefined;
  try {
    testNormal = readSessions(join(d, `${prefix}_test_normal`));
  } catch {
    testNormal = undefined;
  }
  return evaluate({
    detector: sessionDetector(detector),
    train: readSessions(join(d, `${prefix}_train`)),
    testAbnormal: readSessions(join(d, `${prefix}_test_abnormal`)),
    ...(testNormal ? { testNormal } : {}),
    ...(normalCount !== undefined ? { normalCount } : {}),
  });
}

/**
 * The best F1 any detector that sees only the event sequence could reach on labelled test
 * sessions: identical sequences get the same verdict, so flag sequences in order of their
 * share of abnormal sessions and keep the best prefix. It uses the labels, so it is a ceiling
 * printed for context, never a detector.
 */
export function sequenceCeiling(normal: readonly Session[], abnormal: readonly Session[]): number {
  const groups = new Map<string, { a: number; n: number }>();
  for (const [list, isAbnormal] of [
    [abnormal, true],
    [normal, false],
  ] as const) {
    for (const s of list) {
      const k = s.events.join(' ');
      const g = groups.get(k) ?? { a: 0, n: 0 };
      if (isAbnormal) g.a++;
      else g.n++;
      groups.set(k, g);
    }
  }
  const sorted = [...groups.values()].sort((x, y) => y.a / (y.a + y.n) - x.a / (x.a + x.n));
  let tp = 0;
  let fp = 0;
  let best = 0;
  for (const g of sorted) {
    tp += g.a;
    fp += g.n;
    best = Math.max(best, (2 * tp) / (2 * tp + fp + (abnormal.length - tp)));
  }
  return best;
}
