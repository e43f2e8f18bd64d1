// The contract every session detector keeps: learn from normal sessions only, then judge
// one session at a time with a reason a person can read.
import type { Session } from './session.ts';

export interface SessionVerdict {
  anomalous: boolean;
  /** Detector-specific raw score; larger is more anomalous (not yet normalised to 0–100). */
  score: number;
  /** Plain-words reason, empty when normal. */
  reason: string;
}

export interface SessionModel {
  /** What was fitted, in words (e.g. which method `auto` chose and its threshold). */
  describe: string;
  judge(events: readonly string[]): SessionVerdict;
}

export interface SessionDetector {
  name: string;
  description: string;
  /** Learns from sessions assumed normal; any threshold comes from these sessions alone. */
  fit(train: readonly Session[]): SessionModel;
}
