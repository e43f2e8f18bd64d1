// Recurrence: how seldom a pair (a kind of line on a host, by default) turns up at all. Its
// surprise is -log10 of the share of the tenant's windows in which it appeared (with half a
// window's credit, so a pair never seen is as surprising as a window count can make it).
// Alerts and rare log lines come in bursts, so counting events would make one noisy hour
// look like a habit; counting windows measures whether this is something that happens here.
import { pairKind, samplesOf, sourceOf, TEMPLATE } from '../features.ts';
import type { FindingDraft } from '../finding.ts';
import { Novelty } from '../novelty.ts';
import type { WindowDetector } from './detector.ts';
import { entityOfField } from './entity-ref.ts';
import { MIN_SURPRISE } from './rates.ts';

/** Surprise of a pair present in `present` of `windows` earlier windows. */
export function recurrenceSurprise(present: number, windows: number): number {
  return -Math.log10((present + 0.5) / (windows + 1));
}

export const recurrenceDetector: WindowDetector = {
  name: 'recurrence',
  detect({ model, features, config }) {
    const out: FindingDraft[] = [];
    const strings = model.strings;
    const windows = features.window - (model.firstWindow ?? features.window);
    for (const [a, b] of config.recurrence) {
      const kind = pairKind(a, b);
      const w = features.pairs.get(kind);
      if (!w) continue;
      const seen = model.presence[kind] ?? new Novelty();
      for (let s = 0; s < w.size; s++) {
        const ia = w.a(s);
        const ib = w.b(s);
        // A template new to the tenant is first-seen's finding; its host adds nothing here.
        if ((a === TEMPLATE && model.templates.count(ia) === 0) || (b === TEMPLATE && model.templates.count(ib) === 0)) continue;
        const present = seen.count(ia, ib);
        const surprise = recurrenceSurprise(present, windows);
        if (surprise < MIN_SURPRISE) continue;
        const va = strings.str(ia);
        const vb = strings.str(ib);
        const source = sourceOf(features, w, s);
        out.push({
          detector: 'recurrence',
          kind: present === 0 ? 'new-pair' : 'rare-pair',
          // About the side that acts (user, process), or the host for a template.
          entity: a === TEMPLATE ? entityOfField(config, b, vb) : entityOfField(config, a, va),
          key: `presence:${kind}:${va}\u0000${vb}`,
          surprise,
          reason:
            present === 0
              ? `${a} ${va} seen with ${b} ${vb} for the first time in ${windows} windows (${w.count(s)} event(s))`
              : `${a} ${va} with ${b} ${vb} turned up in ${present} of the last ${windows} windows (${w.count(s)} event(s) now)`,
          actual: w.count(s),
          expected: 0,
          ...(a === TEMPLATE ? { template: va } : {}),
          ...(source !== undefined ? { source } : {}),
          samples: samplesOf(features, w, s),
        });
      }
    }
    return out;
  },
  learn({ model, features, config }) {
    for (const [a, b] of config.recurrence) {
      const kind = pairKind(a, b);
      const w = features.pairs.get(kind);
      if (!w) continue;
      const seen = (model.presence[kind] ??= new Novelty());
      for (let s = 0; s < w.size; s++) seen.observe(w.a(s), w.b(s), 1);
    }
  },
};
