// A finding: what is unusual, who produced it, why, with samples. Detectors express how
// surprising an observation is as `surprise` = -log10(p), p the probability of seeing it (or
// more) under the entity's own baseline; the 0–100 score is one fixed function of it, so a
// score means the same whichever detector, entity or tenant produced it.

export type Band = 'low' | 'medium' | 'high' | 'critical';

export interface EntityRef {
  /** `user`, `host`, `ip`, `process`, `session`, `source` or `tenant`. */
  type: string;
  value: string;
}

export interface Finding {
  tenant: string;
  /** Start of the window, epoch ms. */
  window: number;
  detector: string;
  /** What was observed: `new-template`, `new-pair`, `rate-spike`, `distinct-spike`, `rare-value`, `dormant-entity`, `silence`, `session`. */
  kind: string;
  entity: EntityRef;
  /** Stable key of the thing judged (pair, series, template), for feedback and suppression. */
  key: string;
  surprise: number;
  score: number;
  band: Band;
  reason: string;
  expected?: number;
  actual?: number;
  template?: string;
  /** Log source of the observation, when one: findings from a source still in its warm-up are held back. */
  source?: string;
  samples: string[];
}

/** Surprise at which a score is 63 (1 - 1/e of the way to 100). */
const SCALE = 4;

export function scoreOf(surprise: number): number {
  if (!(surprise > 0)) return 0;
  return Math.round(1000 * (1 - Math.exp(-surprise / SCALE))) / 10;
}

export const BAND_FLOORS: readonly [Band, number][] = [
  ['critical', 85],
  ['high', 65],
  ['medium', 40],
  ['low', 0],
];

export function bandOf(score: number): Band {
  for (const [band, floor] of BAND_FLOORS) if (score >= floor) return band;
  return 'low';
}

export function entityKey(e: EntityRef): string {
  return `${e.type}:${e.value}`;
}

export type FindingDraft = Omit<Finding, 'score' | 'band' | 'tenant' | 'window'>;

export function finish(draft: FindingDraft, tenant: string, window: number): Finding {
  const score = scoreOf(draft.surprise);
  return { ...draft, tenant, window, score, band: bandOf(score) };
}
