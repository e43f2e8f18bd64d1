// Rates: per entity and window, its event count and each template's count against a robust
// baseline (median/MAD on a log scale; hour-of-day and day-of-week once enough history).
// The tenant's total is kept as a series too: it is the report's chart of the hour vs baseline.
import { surpriseOfZ, zAbove } from '../baseline.ts';
import type { FindingDraft } from '../finding.ts';
import { samplesOf } from '../features.ts';
import { isEntityA, seriesName, TOTAL } from '../series-table.ts';
import { burstBaseline } from './bursts.ts';
import type { WindowDetector } from './detector.ts';
import { entityOfSeries } from './entity-ref.ts';
import { learnSeries, pruneSeries, ratio, slotBaseline } from './series.ts';

/** Findings below this surprise (p > 0.1) are noise, not worth a line in a report. */
export const MIN_SURPRISE = 1;
export const TOTAL_SERIES = 'x|events';
/** Windows between sweeps for series silent over the whole history. */
const PRUNE_EVERY = 24;

/** Entity series and template-on-host series. */
const isRateSeries = (a: number): boolean => a >= 0 || isEntityA(a);

export const ratesDetector: WindowDetector = {
  name: 'rates',
  detect(ctx) {
    const out: FindingDraft[] = [];
    const { model, features } = ctx;
    const t = features.series;
    for (let slot = 0; slot < t.size; slot++) {
      const a = t.a(slot);
      const count = t.count(slot);
      // No baseline (centre >= 0, scale >= MIN_LOG_SCALE) makes 2 events reach MIN_SURPRISE.
      if (count <= 2 || !isRateSeries(a)) continue;
      const b = t.b(slot);
      const ss = model.series.slot(a, b);
      if (ss < 0 || count <= model.series.accepted(ss)) continue;
      let base = slotBaseline(ctx, ss);
      if (!base) continue;
      // A series absent in most windows: whether it turns up is recurrence's question, its
      // count is judged against its own bursts (bursts.ts), and not at all before it has had a few.
      if (base.expected === 0) base = burstBaseline(model.series.view(ss), features.window, ctx.config.historyPeriods);
      if (!base) continue;
      const surprise = surpriseOfZ(zAbove(base, count));
      if (surprise < MIN_SURPRISE) continue;
      const template = a >= 0 ? model.strings.str(b) : undefined;
      const what = template === undefined ? 'events' : `events of template ${template}`;
      const over = base.bursts
        ? `the ${base.samples} windows in which it turned up`
        : base.seasonal
          ? `the same hour on previous days (${base.samples} samples)`
          : `the last ${base.samples} windows`;
      out.push({
        detector: 'rates',
        kind: 'rate-spike',
        entity: entityOfSeries(model.strings, a, b),
        key: `series:${seriesName(model.strings, a, b)}`,
        surprise,
        reason: `${count} ${what} vs a median of ${base.expected} over ${over} (${ratio(count, base.expected)}, ${((Math.log1p(count) - base.center) / base.scale).toFixed(1)} robust deviations)`,
        expected: base.expected,
        actual: count,
        ...(template !== undefined ? { template } : {}),
        samples: samplesOf(features, t, slot),
      });
    }
    return out;
  },
  learn(ctx) {
    learnSeries(ctx, isRateSeries);
    // The total is dense (zeros included): it is the chart's data.
    const w = ctx.features.window;
    ctx.model.series.record(ctx.model.series.add(TOTAL, 0, w), w, ctx.features.events.length, true);
    if (w % PRUNE_EVERY === 0) pruneSeries(ctx);
  },
};
