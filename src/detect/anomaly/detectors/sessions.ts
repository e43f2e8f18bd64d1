// Sessions online: events grouped by a session key (configured per source) make a session;
// when it has been idle for its idle period it is closed and judged by its count vector
// against the sessions learned as normal (the count-vector model of `anomaly eval`). Closed
// sessions train the model during warm-up, and afterwards when judged normal.
import { judgeCounts, learnCounts } from '../sessions/count-vector.ts';
import type { FindingDraft } from '../finding.ts';
import type { OpenSession, TenantModel } from '../model.ts';
import type { DetectorContext, WindowDetector } from './detector.ts';

/** Sessions learned before a session can be a finding. */
export const MIN_SESSIONS = 20;
/** Flagged sessions whose counts are kept for false-positive feedback. */
export const MAX_RECENT_FLAGGED = 1000;
/** Open sessions kept; beyond it the longest idle are closed early (bounded memory). */
export const MAX_OPEN_SESSIONS = 100_000;

function closing(ctx: DetectorContext): [string, OpenSession][] {
  const w = ctx.features.window;
  const idle = new Map(ctx.config.sessions.map((r) => [r.field, r.idlePeriods]));
  const out: [string, OpenSession][] = [];
  for (const [key, s] of Object.entries(ctx.model.sessions.open)) {
    if (ctx.features.sessions.has(key)) continue;
    const field = key.slice(0, key.indexOf('='));
    if (w - s.last >= (idle.get(field) ?? 1)) out.push([key, s]);
  }
  return out;
}

const toMap = (counts: Record<string, number>) => new Map(Object.entries(counts));

function flaggedShare(m: TenantModel): number {
  return (m.sessions.flagged + 1) / (m.sessions.judged + 2);
}

export const sessionsDetector: WindowDetector = {
  name: 'sessions',
  detect(ctx) {
    const state = ctx.model.sessions;
    if (state.boxes.sessions < MIN_SESSIONS) return [];
    const out: FindingDraft[] = [];
    for (const [key, s] of closing(ctx)) {
      const v = judgeCounts(state.boxes, toMap(s.counts));
      if (!v.anomalous) continue;
      // As surprising as flagged sessions have been rare, a little more for the surer checks.
      const surprise = -Math.log10(flaggedShare(ctx.model)) + 0.25 * (v.score - 1);
      const eq = key.indexOf('=');
      out.push({
        detector: 'sessions',
        kind: 'session',
        entity: { type: 'session', value: key.slice(eq + 1) },
        key: `session:${key}`,
        surprise,
        reason: `session ${key} (${Object.values(s.counts).reduce((a, b) => a + b, 0)} events over ${s.last - s.first + 1} window(s)): ${v.reason}`,
        source: s.source,
        samples: [s.sample],
      });
    }
    return out;
  },
  learn(ctx) {
    const { model, features } = ctx;
    const state = model.sessions;
    const warmingUp = model.firstWindow === null || features.window - model.firstWindow < ctx.config.warmupPeriods;
    for (const [key, s] of closing(ctx)) {
      const counts = toMap(s.counts);
      const v = judgeCounts(state.boxes, counts);
      if (!warmingUp && state.boxes.sessions >= MIN_SESSIONS) {
        state.judged++;
        if (v.anomalous) state.flagged++;
      }
      // A flagged session teaches nothing until someone marks it normal (see feedback.ts),
      // so its counts are kept a while for that.
      if (warmingUp || !v.anomalous || state.boxes.sessions < MIN_SESSIONS) learnCounts(state.boxes, counts);
      else {
        state.flaggedRecent[key] = s.counts;
        const recent = Object.keys(state.flaggedRecent);
        if (recent.length > MAX_RECENT_FLAGGED && recent[0] !== undefined) delete state.flaggedRecent[recent[0]];
      }
      delete state.open[key];
    }
    for (const [key, s] of features.sessions) {
      const open = (state.open[key] ??= { first: features.window, last: features.window, counts: Object.create(null) as Record<string, number>, sample: s.sample, source: s.source });
      open.last = features.window;
      for (const [tpl, n] of s.counts) open.counts[tpl] = (open.counts[tpl] ?? 0) + n;
    }
    const keys = Object.keys(state.open);
    if (keys.length > MAX_OPEN_SESSIONS) {
      keys.sort((a, b) => (state.open[a]?.last ?? 0) - (state.open[b]?.last ?? 0));
      for (const k of keys.slice(0, keys.length - MAX_OPEN_SESSIONS)) delete state.open[k];
    }
  },
};
