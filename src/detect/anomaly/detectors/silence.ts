// Silence: a log source or a host that stops logging (or nearly: a tenth of its usual
// volume). Such a window is as surprising as windows that low were rare in that series' own
// recent history, more so when it lasts; a series long gone becomes its own new normal.
import { countAt } from '../model.ts';
import type { FindingDraft } from '../finding.ts';
import { SOURCE, seriesName } from '../series-table.ts';
import type { WindowDetector } from './detector.ts';
import { entityOfSeries } from './entity-ref.ts';
import { MIN_SURPRISE } from './rates.ts';
import { baselineOf, learnSeries } from './series.ts';

/** A window below this share of the baseline counts as (near) silent. */
export const SILENT_SHARE = 0.1;
/** Consecutive silent windows beyond this add no more surprise. */
const MAX_RUN = 3;

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
      if (!base || base.expected < 1 || actual >= base.expected * SILENT_SHARE) continue;
      const lowBar = base.expected * SILENT_SHARE;
      let low = 0;
      for (let x = w - config.minHistory; x < w; x++) if (countAt(s, x) <= actual) low++;
      // How long it has been this low, this window included.
      let run = 1;
      while (run < MAX_RUN && countAt(s, w - run) < lowBar) run++;
      const surprise = -Math.log10((low + 1) / (config.minHistory + 2)) * run;
      if (surprise < MIN_SURPRISE) continue;
      out.push({
        detector: 'silence',
        kind: 'silence',
        entity: a === SOURCE ? { type: 'source', value: model.strings.str(b) } : entityOfSeries(model.strings, a, b),
        key: `series:${seriesName(model.strings, a, b)}`,
        surprise,
        reason: `${actual} events (${run >= MAX_RUN ? `${MAX_RUN}+` : run} window(s) this low) vs a median of ${base.expected}; this low in ${low} of the last ${config.minHistory} windows`,
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
