// Silence: a log source or a host that stops logging, or nearly (below a third of its usual
// volume: a stopped service often leaves a host's other logs running). Such a window is as
// surprising as windows that low have been rare in the series' whole kept history ("below 30%
// of it in 0 of the last 300 windows"), so a bursty series that often dips is not news and a
// steady one that drops is. The onset is the news: as a silence goes on, its own windows count
// among the low ones, so each further window is less surprising than the first (the hours
// after an outage do not outrank the hour it began) and a series long gone becomes its own
// new normal.
import type { FindingDraft } from '../finding.ts';
import { SOURCE, seriesName } from '../series-table.ts';
import type { WindowDetector } from './detector.ts';
import { entityOfSeries } from './entity-ref.ts';
import { MIN_SURPRISE } from './rates.ts';
import { baselineOf, learnSeries } from './series.ts';

/** A window below this share of the baseline counts as (near) silent; how surprising it is
 *  comes from the series' own history, this only decides which windows are judged. */
export const SILENT_SHARE = 0.3;

export const silenceDetector: WindowDetector = {
  name: 'silence',
  detect(ctx) {
    const out: FindingDraft[] = [];
    const { model, features, config } = ctx;
    const w = features.window;
    const watched = model.watched;
    for (let i = 0; i < watched.size; i++) {
      const a = watched.a[i] ?? 0;
      const b = watched.b[i] ?? 0;
      const s = model.series.get(a, b);
      if (!s) continue;
      const slot = features.series.keys.find(a, b);
      const actual = slot < 0 ? 0 : features.series.count(slot);
      const base = baselineOf(ctx, s);
      if (!base || base.expected < 1) continue;
      const lowBar = base.expected * SILENT_SHARE;
      if (actual >= lowBar) continue;
      const from = Math.max(s.created, w - config.historyPeriods);
      const windows = w - from;
      // Windows below the bar: all of them but those the sparse series holds at or above it
      // (the silence's own earlier windows among them, however low each was).
      let above = 0;
      for (let i = s.windows.length - 1; i >= 0 && (s.windows[i] ?? 0) >= from; i--) if ((s.windows[i] ?? 0) < w && (s.counts[i] ?? 0) >= lowBar) above++;
      const low = windows - above;
      const surprise = -Math.log10((low + 0.5) / (windows + 1));
      if (surprise < MIN_SURPRISE) continue;
      out.push({
        detector: 'silence',
        kind: 'silence',
        entity: a === SOURCE ? { type: 'source', value: model.strings.str(b) } : entityOfSeries(model.strings, a, b),
        key: `series:${seriesName(model.strings, a, b)}`,
        surprise,
        reason: `${actual} events vs a median of ${base.expected}; below ${SILENT_SHARE * 100}% of it in ${low} of the last ${windows} windows`,
        expected: base.expected,
        actual,
        samples: s.sample ? [s.sample] : [],
      });
    }
    return out;
  },
  learn(ctx) {
    learnSeries(ctx, (a) => a === SOURCE);
  },
};
