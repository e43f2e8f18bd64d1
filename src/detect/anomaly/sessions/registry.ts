// The session detectors by name (the `--detector` values of `stegosoc anomaly eval`).
import { autoDetector } from './auto.ts';
import { countVectorDetector } from './count-vector.ts';
import type { SessionDetector } from './detector.ts';
import { ngramDetector } from './ngram.ts';

export const SESSION_DETECTORS: readonly SessionDetector[] = [autoDetector, countVectorDetector, ngramDetector];

export function sessionDetector(name: string): SessionDetector {
  const d = SESSION_DETECTORS.find((x) => x.name === name);
  if (!d) throw new Error(`unknown detector ${JSON.stringify(name)}; known: ${SESSION_DETECTORS.map((x) => x.name).join(', ')}`);
  return d;
}
