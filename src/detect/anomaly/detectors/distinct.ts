// High distinct counts: one source IP touching many users or hosts in a window, against the
// same entity's own baseline of distinct values. Touching one value is the common case and
// is not stored: a distinct series holds only windows with two or more values, and an entity
// without one is judged against zeros since the entity (or the tenant) was first seen.
import { seriesBaseline } from '../baseline.ts';
import { surpriseOfZ, zAbove } from '../baseline.ts';
import { seriesKey } from '../features.ts';
import type { FindingDraft } from '../finding.ts';
import { pushSeries, type Series } from '../model.ts';
import type { DetectorContext, WindowDetector } from './detector.ts';
import { entityOfField } from './entity-ref.ts';
import { MIN_SURPRISE } from './rates.ts';
import { ratio } from './series.ts';

/** Distinct counts at or below this are not stored (absent windows read as zero). */
const FLOOR = 1;

function split(k: string): { field: string; value: string; watched: string } {
  const eq = k.indexOf('=');
  const bar = k.lastIndexOf('|');
  return { field: k.slice(0, eq), value: k.slice(eq + 1, bar), watched: k.slice(bar + 1) };
}

/** The distinct series, or an empty one dated from when the entity itself was first seen. */
function seriesOf(ctx: DetectorContext, k: string): Series | undefined {
  const s = ctx.model.series[seriesKey.distinct(k)];
  if (s) return s;
  const { field, value } = split(k);
  const e = entityOfField(ctx.config, field, value);
  // Dated from the entity's first sighting, else (a new address, a template) from the tenant's.
  const created = ctx.model.series[seriesKey.entity(`${e.type}:${e.value}`)]?.created ?? ctx.model.firstWindow;
  return created === null ? undefined : { created, last: created, windows: [], counts: [] };
}

export const distinctDetector: WindowDetector = {
  name: 'distinct',
  detect(ctx) {
    const out: FindingDraft[] = [];
    const c = ctx.config;
    for (const [k, values] of ctx.features.distinct) {
      const n = values.size;
      if (n <= FLOOR + 1) continue;
      const s = seriesOf(ctx, k);
      if (!s || n <= (s.accepted ?? 0)) continue;
      const b = seriesBaseline(s, ctx.features.window, ctx.slotsPerDay, c.seasonalSamples, c.minHistory, c.historyPeriods);
      if (!b) continue;
      const surprise = surpriseOfZ(zAbove(b, n));
      if (surprise < MIN_SURPRISE) continue;
      const { field, value, watched } = split(k);
      out.push({
        detector: 'distinct',
        kind: 'distinct-spike',
        entity: entityOfField(c, field, value),
        key: `series:${seriesKey.distinct(k)}`,
        surprise,
        reason: `touched ${n} distinct ${watched} vs a median of ${b.expected} (${ratio(n, b.expected)}): ${[...values].slice(0, 5).join(', ')}${n > 5 ? ', …' : ''}`,
        expected: b.expected,
        actual: n,
        samples: [],
      });
    }
    return out;
  },
  learn(ctx) {
    const w = ctx.features.window;
    for (const [k, values] of ctx.features.distinct) {
      if (values.size <= FLOOR) continue;
      const key = seriesKey.distinct(k);
      let s = ctx.model.series[key];
      if (!s) {
        const fresh = seriesOf(ctx, k);
        s = ctx.model.series[key] = { created: fresh?.created ?? w, last: w, windows: [], counts: [] };
      }
      pushSeries(s, w, values.size, ctx.config.historyPeriods);
    }
  },
};
