// High distinct counts: one source IP touching many users or hosts in a window, against the
// same entity's own baseline of distinct values.
import { surpriseOfZ, zAbove } from '../baseline.ts';
import { seriesKey } from '../features.ts';
import type { FindingDraft } from '../finding.ts';
import type { WindowDetector } from './detector.ts';
import { entityOfField } from './entity-ref.ts';
import { MIN_SURPRISE } from './rates.ts';
import { baselineFor, learnSeries, ratio } from './series.ts';

export const distinctDetector: WindowDetector = {
  name: 'distinct',
  detect(ctx) {
    const out: FindingDraft[] = [];
    for (const [k, values] of ctx.features.distinct) {
      const key = seriesKey.distinct(k);
      const b = baselineFor(ctx, key);
      if (!b) continue;
      const n = values.size;
      if (n <= (ctx.model.series[key]?.accepted ?? 0)) continue;
      const surprise = surpriseOfZ(zAbove(b, n));
      if (surprise < MIN_SURPRISE) continue;
      const eq = k.indexOf('=');
      const bar = k.lastIndexOf('|');
      const field = k.slice(0, eq);
      const value = k.slice(eq + 1, bar);
      const watched = k.slice(bar + 1);
      out.push({
        detector: 'distinct',
        kind: 'distinct-spike',
        entity: entityOfField(ctx.config, field, value),
        key: `series:${key}`,
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
    const counts = new Map<string, { count: number }>();
    for (const [k, values] of ctx.features.distinct) counts.set(seriesKey.distinct(k), { count: values.size });
    learnSeries(ctx, 'd|', counts);
  },
};
