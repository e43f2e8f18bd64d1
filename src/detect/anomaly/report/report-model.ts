// The hourly report: per tenant and window, who is anomalous and why, new kinds of log
// lines, rate spikes and silences, the L1 alert summary, and the data of a chart of the
// window against its baseline. Plain data: rendered to HTML, Markdown or JSON, stored as is.
import { seriesBaseline } from '../baseline.ts';
import type { AnomalyConfig } from '../config.ts';
import { TOTAL } from '../series-table.ts';
import { periodMs, type WindowResult } from '../engine.ts';
import { scoreOf, type Band, type EntityRef, type Finding } from '../finding.ts';
import type { TenantModel } from '../model.ts';

/** L1 (rule) alerts of the window, summarised per rule. */
export interface L1RuleCount {
  rule: string;
  level?: string;
  count: number;
}

/** A finding as the report shows it: the finding less its tenant, window, raw surprise and source. */
export type ReportFinding = Pick<
  Finding,
  'detector' | 'kind' | 'entity' | 'score' | 'band' | 'reason' | 'expected' | 'actual' | 'template' | 'samples' | 'key'
>;

export interface ReportEntity {
  entity: EntityRef;
  score: number;
  band: Band;
  /** Score of this window's findings alone, when evidence from earlier windows adds to it
   *  (see rollup.ts); absent when the score is this window's alone. */
  windowScore?: number;
  findings: ReportFinding[];
}

export interface ChartPoint {
  start: number;
  actual: number;
  baseline: number;
}

export interface HourlyReport {
  tenant: string;
  start: number;
  end: number;
  periodMinutes: number;
  generatedAt: number;
  warmingUp: boolean;
  events: number;
  expectedEvents: number;
  topEntities: ReportEntity[];
  newTemplates: ReportFinding[];
  rateSpikes: ReportFinding[];
  silences: ReportFinding[];
  l1: { total: number; rules: L1RuleCount[] };
  suppressed: number;
  /** The tenant's events per window for the last day, with the baseline each was judged against. */
  chart: ChartPoint[];
}

const CHART_WINDOWS = 24;

function toReportFinding(f: Finding): ReportFinding {
  return {
    detector: f.detector,
    kind: f.kind,
    entity: f.entity,
    score: f.score,
    band: f.band,
    reason: f.reason,
    ...(f.expected !== undefined ? { expected: f.expected } : {}),
    ...(f.actual !== undefined ? { actual: f.actual } : {}),
    ...(f.template !== undefined ? { template: f.template } : {}),
    samples: f.samples,
    key: f.key,
  };
}

/** Builds the report of a processed window; `model` is the model after the window. */
export function buildReport(result: WindowResult, model: TenantModel, config: AnomalyConfig, l1: readonly L1RuleCount[] = [], now = Date.now()): HourlyReport {
  const slotsPerDay = Math.max(1, Math.round(1440 / config.periodMinutes));
  const total = model.series.get(TOTAL, 0);
  const chart: ChartPoint[] = [];
  for (let w = result.window - CHART_WINDOWS + 1; total && w <= result.window; w++) {
    if (w < total.created) continue;
    const i = total.windows.indexOf(w);
    const b = seriesBaseline(total, w, slotsPerDay, config.seasonalSamples, 1, config.historyPeriods);
    chart.push({ start: w * periodMs(config), actual: i >= 0 ? (total.counts[i] ?? 0) : 0, baseline: b?.expected ?? 0 });
  }
  const byScore = (a: ReportFinding, b: ReportFinding) => b.score - a.score;
  const all = result.findings.map(toReportFinding).sort(byScore);
  return {
    tenant: result.tenant,
    start: result.start,
    end: result.start + periodMs(config),
    periodMinutes: config.periodMinutes,
    generatedAt: now,
    warmingUp: result.warmingUp,
    events: result.events,
    expectedEvents: chart.at(-1)?.baseline ?? 0,
    topEntities: result.entities.slice(0, config.topEntities).map((e) => {
      const windowScore = scoreOf(e.surprise - e.carried);
      return {
        entity: e.entity,
        score: e.score,
        band: e.band,
        ...(windowScore < e.score ? { windowScore } : {}),
        findings: e.findings.map(toReportFinding),
      };
    }),
    newTemplates: all.filter((f) => f.kind === 'new-template'),
    rateSpikes: all.filter((f) => f.kind === 'rate-spike' || f.kind === 'distinct-spike'),
    silences: all.filter((f) => f.kind === 'silence'),
    l1: { total: l1.reduce((s, r) => s + r.count, 0), rules: [...l1].sort((a, b) => b.count - a.count) },
    suppressed: result.suppressed.length,
    chart,
  };
}
