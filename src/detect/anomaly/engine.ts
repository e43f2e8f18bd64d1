// Runs the window detectors over one window of a tenant's events: judge against the model as
// it was, then learn. Pure apart from mutating the model it is given; persistence, windowing
// of a live stream and delivery live elsewhere.
import type { Event } from '../../core/event.ts';
import type { AnomalyConfig } from './config.ts';
import type { DetectorContext } from './detectors/detector.ts';
import { WINDOW_DETECTORS } from './detectors/registry.ts';
import { extractFeatures } from './features.ts';
import { finish, type Finding } from './finding.ts';
import { dict, type TenantModel } from './model.ts';
import { calibrated, recordMaximum } from './calibration.ts';
import { rollUp, type EntityScore } from './rollup.ts';
import { SOURCE } from './series-table.ts';

export interface WindowResult {
  tenant: string;
  window: number;
  /** Window start, epoch ms. */
  start: number;
  events: number;
  /** True while the tenant is in its warm-up: the model learns, nothing is reported. */
  warmingUp: boolean;
  findings: Finding[];
  /** Findings dropped by a suppression or maintenance window, with the item's id. */
  suppressed: { finding: Finding; by: string }[];
  entities: EntityScore[];
}

/** Returns the id of the suppression that silences a finding, if any. */
export type SuppressionCheck = (f: Finding) => string | undefined;

export function periodMs(config: AnomalyConfig): number {
  return config.periodMinutes * 60_000;
}

export function windowOf(time: number, config: AnomalyConfig): number {
  return Math.floor(time / periodMs(config));
}

/** A source new to the tenant learns for the warm-up period before its findings count. */
function sourceWarmingUp(model: TenantModel, f: Finding, window: number, config: AnomalyConfig): boolean {
  if (f.source === undefined) return false;
  const first = model.sources[f.source];
  // Sources seen during the tenant's own warm-up have served theirs with it.
  return first === undefined || (first - (model.firstWindow ?? first) >= config.warmupPeriods && window - first < config.warmupPeriods);
}

export function processWindow(
  model: TenantModel,
  window: number,
  events: readonly Event[],
  config: AnomalyConfig,
  suppress: SuppressionCheck = () => undefined,
): WindowResult {
  if (model.lastWindow !== null && window <= model.lastWindow) {
    throw new Error(`window ${window} of tenant ${model.tenant} is not after the last processed window ${model.lastWindow}`);
  }
  model.firstWindow ??= window;
  const warmingUp = window - model.firstWindow < config.warmupPeriods;
  const features = extractFeatures(events, window, config, model.strings);
  const ctx: DetectorContext = { model, features, config, slotsPerDay: Math.max(1, Math.round(1440 / config.periodMinutes)) };
  const start = window * periodMs(config);
  const findings: Finding[] = [];
  const suppressed: { finding: Finding; by: string }[] = [];
  // Detectors judge during the warm-up too, unreported, so their calibration is ready after it.
  for (const d of WINDOW_DETECTORS) {
    const drafts = d.detect(ctx);
    const maxima = (model.calibration[d.name] ??= []);
    let max = 0;
    for (const draft of drafts) max = Math.max(max, draft.surprise);
    if (!warmingUp) for (const draft of drafts) draft.surprise = calibrated(draft.surprise, maxima);
    recordMaximum(maxima, max);
    if (warmingUp) continue;
    for (const draft of drafts) {
      const f = finish(draft, model.tenant, start);
      const by = sourceWarmingUp(model, f, window, config) ? 'source warm-up' : model.feedback[f.key] !== undefined ? 'feedback' : suppress(f);
      if (by) suppressed.push({ finding: f, by });
      else findings.push(f);
    }
  }
  for (const d of WINDOW_DETECTORS) d.learn(ctx);
  const t = features.series;
  for (let s = 0; s < t.size; s++) if (t.a(s) === SOURCE) model.sources[model.strings.str(t.b(s))] ??= window;
  model.lastWindow = window;
  return { tenant: model.tenant, window, start, events: events.length, warmingUp, findings, suppressed, entities: rollUp(findings, (model.evidence ??= dict()), window) };
}
