// Silence: a log source or a host that stops logging (or nearly: a tenth of its usual
// volume). Such a window is as surprising as windows that low were rare in that series' own
// recent history, more so when it lasts; a series long gone becomes its own new normal.
import { countAt } from '../model.ts';
import type { FindingDraft } from '../finding.ts';
import type { WindowDetector } from './detector.ts';
import { parseEntityKey } from './entity-ref.ts';
import { MIN_SURPRISE } from './rates.ts';
import { baselineFor, learnSeries } from './series.ts';

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
    for (const key of Object.keys(model.watched)) {
      const s = model.series[key];
      if (!s) continue;
      const actual = features.series.get(key)?.count ?? 0;
      const b = baselineFor(ctx, key);
      if (!b || b.expected < 1 || actual >= b.expected * SILENT_SHARE) continue;
      const lowBar = b.expected * SILENT_SHARE;
      let low = 0;
      for (let x = w - config.minHistory; x < w; x++) if (countAt(s, x) <= actual) low++;
      // How long it has been this low, this window included.
      let run = 1;
      while (run < MAX_RUN && countAt(s, w - run) < lowBar) run++;
      const surprise = -Math.log10((low + 1) / (config.minHistory + 2)) * run;
      if (surprise < MIN_SURPRISE) continue;
      const isSource = key.startsWith('s|');
      out.push({
        detector: 'silence',
        kind: 'silence',
        entity: isSource ? { type: 'source', value: key.slice(2) } : parseEntityKey(key.slice(2)),
        key: `series:${key}`,
        surprise,
        reason: `${actual} events (${run >= MAX_RUN ? `${MAX_RUN}+` : run} window(s) this low) vs a median of ${b.expected}; this low in ${low} of the last ${config.minHistory} windows`,
        expected: b.expected,
        actual,
        samples: s.sample ? [s.sample] : [],
      });
    }
    return out;
  },
  learn(ctx) {
    const counts = new Map<string, { count: number; samples?: string[] }>();
    for (const [key, t] of ctx.features.series) if (key.startsWith('s|')) counts.set(key, t);
    learnSeries(ctx, 's|', counts);
  },
};
