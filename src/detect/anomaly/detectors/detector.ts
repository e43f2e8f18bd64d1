// The contract of a window detector: judge a window against the model as it was before the
// window, then learn from it. The engine runs every detector's `detect` before any `learn`,
// so no detector sees the window it judges as part of its baseline.
import type { AnomalyConfig } from '../config.ts';
import type { WindowFeatures } from '../features.ts';
import type { FindingDraft } from '../finding.ts';
import type { TenantModel } from '../model.ts';

export interface DetectorContext {
  model: TenantModel;
  features: WindowFeatures;
  config: AnomalyConfig;
  /** Windows per day, for seasonal baselines. */
  slotsPerDay: number;
}

export interface WindowDetector {
  name: string;
  detect(ctx: DetectorContext): FindingDraft[];
  learn(ctx: DetectorContext): void;
}
