// Rates: per entity and window, its event count and each template's count against a robust
// baseline (median/MAD on a log scale; hour-of-day and day-of-week once enough history).
// The tenant's total is kept as a series too: it is the report's chart of the hour vs baseline.
import { surpriseOfZ, zAbove } from '../baseline.ts';
import { seriesKey } from '../features.ts';
import type { FindingDraft } from '../finding.ts';
import type { WindowDetector } from './detector.ts';
import { parseEntityKey } from './entity-ref.ts';
import { baselineFor, learnSeries, pruneSeries, ratio } from './series.ts';

/** Findings below this surprise (p > 0.1) are noise, not worth a line in a report. */
export const MIN_SURPRISE = 1;
export const TOTAL_SERIES = 'x|events';
/** Windows between sweeps for series silent over the whole history. */
const PRUNE_EVERY = 24;

export const ratesDetector: WindowDetector = {
  name: 'rates',
  detect(ctx) {
    const out: FindingDraft[] = [];
    for (const [key, t] of ctx.features.series) {
      const isEntity = key.startsWith('e|');
      if (!isEntity && !key.startsWith('t|')) continue;
      // No baseline (centre >= 0, scale >= MIN_LOG_SCALE) makes 2 events reach MIN_SURPRISE.
      if (t.count <= 2) continue;
      const b = baselineFor(ctx, key);
      if (!b) continue;
      const accepted = ctx.model.series[key]?.accepted ?? 0;
      if (t.count <= accepted) continue;
      const surprise = surpriseOfZ(zAbove(b, t.count));
      if (surprise < MIN_SURPRISE) continue;
      const [, entityKey = '', template] = key.split('|');
      const what = isEntity ? 'events' : `events of template ${template}`;
      const base = b.seasonal ? `the same hour on previous days (${b.samples} samples)` : `the last ${b.samples} windows`;
      out.push({
        detector: 'rates',
        kind: 'rate-spike',
        entity: parseEntityKey(entityKey),
        key: `series:${key}`,
        surprise,
        reason: `${t.count} ${what} vs a median of ${b.expected} over ${base} (${ratio(t.count, b.expected)}, ${((Math.log1p(t.count) - b.center) / b.scale).toFixed(1)} robust deviations)`,
        expected: b.expected,
        actual: t.count,
        ...(template !== undefined ? { template } : {}),
        samples: t.samples,
      });
    }
    return out;
  },
  learn(ctx) {
    const entitySeries = new Map<string, { count: number }>();
    for (const [key, t] of ctx.features.series) if (key.startsWith('e|') || key.startsWith('t|')) entitySeries.set(key, t);
    learnSeries(ctx, 'e|', entitySeries);
    learnSeries(ctx, 't|', entitySeries);
    // The total is dense (zeros included): it is the chart's data.
    const total = (ctx.model.series[TOTAL_SERIES] ??= { created: ctx.features.window, last: ctx.features.window, windows: [], counts: [] });
    total.windows.push(ctx.features.window);
    total.counts.push(ctx.features.events);
    total.last = ctx.features.window;
    if (total.windows.length > ctx.config.historyPeriods) {
      total.windows.shift();
      total.counts.shift();
    }
    if (ctx.features.window % PRUNE_EVERY === 0) pruneSeries(ctx);
  },
};

export { seriesKey };
