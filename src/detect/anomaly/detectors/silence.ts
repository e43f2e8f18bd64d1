// Silence: a log source or a host that stops logging (or nearly: a tenth of its usual
// volume). Such a window is as surprising as windows that low were rare in that series' own
// recent history, more so when it lasts; a series long gone becomes its own new normal.
import type { FindingDraft } from '../finding.ts';
import type { WindowDetector } from './detector.ts';
import { parseEntityKey } from './entity-ref.ts';
import { MIN_SURPRISE } from './rates.ts';
import { baselineFor, historyBefore, learnSeries } from './series.ts';

/** A window below this share of the baseline counts as (near) silent. */
export const SILENT_SHARE = 0.1;
/** Consecutive silent windows beyond this add no more surprise. */
const MAX_RUN = 3;

export const silenceDetector: WindowDetector = {
  name: 'silence',
  detect(ctx) {
    const out: FindingDraft[] = [];
    const { model, features, config } = ctx;
    for (const [key, s] of Object.entries(model.series)) {
      const isSource = key.startsWith('s|');
      if (!isSource && !key.startsWith('e|host:')) continue;
      const actual = features.series.get(key)?.count ?? 0;
      const history = historyBefore(model, key, features.window, config.minHistory);
      const b = baselineFor(ctx, key);
      if (!history || !b || b.expected < 1 || actual >= b.expected * SILENT_SHARE) continue;
      const recent = history.slice(-config.minHistory);
      const low = recent.filter((v) => v <= actual).length;
      // How long it has been this low, this window included.
      let run = 1;
      for (let i = history.length - 1; i >= 0 && (history[i] ?? 0) < b.expected * SILENT_SHARE; i--) run++;
      const surprise = -Math.log10((low + 1) / (recent.length + 2)) * Math.min(run, MAX_RUN);
      if (surprise < MIN_SURPRISE) continue;
      out.push({
        detector: 'silence',
        kind: 'silence',
        entity: isSource ? { type: 'source', value: key.slice(2) } : parseEntityKey(key.slice(2)),
        key: `series:${key}`,
        surprise,
        reason: `${actual} events for ${run} window(s) vs a median of ${b.expected}; this low in ${low} of the last ${recent.length} windows`,
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
