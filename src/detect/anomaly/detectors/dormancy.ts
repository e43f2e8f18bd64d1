// Dormancy: an entity that seldom turns up has turned up (a file server that logs one hour in
// thirty). Judged like recurrence, by the share of windows since the entity was first seen in
// which it had events at all, so how much it logs when it does is the rate detector's question,
// not this one's. A dormant entity waking is news even when each of its lines is familiar: an
// attacker on a quiet server raises familiar alerts there at an unfamiliar time. An entity that
// turns up at the same hour on most days (a nightly job) keeps a routine, not a dormancy.
import { samplesOf, sourceOf } from '../features.ts';
import type { FindingDraft } from '../finding.ts';
import { entityA, seriesName } from '../series-table.ts';
import type { DetectorContext, WindowDetector } from './detector.ts';
import { entityOfSeries } from './entity-ref.ts';
import { MIN_SURPRISE } from './rates.ts';
import { recurrenceSurprise } from './recurrence.ts';

/** Series key sides (see series-table.ts) of the entity types judged, by config. */
function judgedTypes(ctx: DetectorContext): boolean[] {
  const judged: boolean[] = [];
  for (const type of ctx.config.dormancy) judged[-entityA(type)] = true;
  return judged;
}

/** True when the entity turned up in the window's hour on at least half of the previous days
 *  (with enough days to tell, as for seasonal baselines). */
function routine(ctx: DetectorContext, slot: number, from: number): boolean {
  const w = ctx.features.window;
  const days = Math.floor((w - from) / ctx.slotsPerDay);
  if (days < ctx.config.seasonalSamples) return false;
  let same = 0;
  for (const x of ctx.model.series.view(slot).windows) if (x >= from && x < w && (w - x) % ctx.slotsPerDay === 0) same++;
  return 2 * same >= days;
}

export const dormancyDetector: WindowDetector = {
  name: 'dormancy',
  detect(ctx) {
    const out: FindingDraft[] = [];
    const { model, features, config } = ctx;
    const w = features.window;
    const t = features.series;
    const table = model.series;
    const judged = judgedTypes(ctx);
    if (!judged.length) return out;
    for (let slot = 0; slot < t.size; slot++) {
      const a = t.a(slot);
      if (a >= 0 || judged[-a] !== true) continue;
      const b = t.b(slot);
      // An entity never seen is first-seen's and recurrence's news (its pairs are new).
      const ss = table.slot(a, b);
      if (ss < 0) continue;
      const from = Math.max(table.createdAt(ss), w - config.historyPeriods);
      const windows = w - from;
      // Present in more windows than this, it cannot reach MIN_SURPRISE: stop counting there.
      const most = Math.floor((windows + 1) * 10 ** -MIN_SURPRISE - 0.5);
      if (most < 0) continue;
      const present = table.windowsWithEvents(ss, from, w, most + 1);
      if (present > most || routine(ctx, ss, from)) continue;
      const surprise = recurrenceSurprise(present, windows);
      if (surprise < MIN_SURPRISE) continue;
      const entity = entityOfSeries(model.strings, a, b);
      const source = sourceOf(features, t, slot);
      out.push({
        detector: 'dormancy',
        kind: 'dormant-entity',
        entity,
        key: `dormant:${seriesName(model.strings, a, b)}`,
        surprise,
        reason: `${entity.type} ${entity.value} turned up in ${present} of the last ${windows} windows (${t.count(slot)} event(s) now)`,
        actual: t.count(slot),
        expected: 0,
        ...(source !== undefined ? { source } : {}),
        samples: samplesOf(features, t, slot),
      });
    }
    return out;
  },
  // The entity series it reads are recorded by the rates detector.
  learn() {},
};
