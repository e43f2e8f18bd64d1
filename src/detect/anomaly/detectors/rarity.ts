// Rarity: a value new for this entity (a new source IP for a user), judged against how
// often this entity brings new values (its own Good-Turing estimate), once it has a history.
import { noveltySurprise } from '../baseline.ts';
import { pairKind, samplesOf } from '../features.ts';
import type { FindingDraft } from '../finding.ts';
import { grown } from '../key-table.ts';
import { EntityNovelty } from '../novelty.ts';
import type { WindowDetector } from './detector.ts';
import { entityOfField } from './entity-ref.ts';
import { MIN_SURPRISE } from './rates.ts';

/** Observations of an entity's values before a new one can be a finding. */
export const MIN_ENTITY_OBSERVATIONS = 20;

/** Per-window events of each entity, indexed by value id: a window has thousands of entities. */
let entityEvents = new Int32Array(1024);
/** The surprise of a value new to an entity seen once, by entity id, valid where the stamp is this pass's. */
let onceSurprise = new Float64Array(1024);
let onceStamp = new Int32Array(1024);
let stamp = 0;

export const rarityDetector: WindowDetector = {
  name: 'rarity',
  detect({ model, features, config }) {
    const out: FindingDraft[] = [];
    const strings = model.strings;
    for (const [a, b] of config.rarity) {
      const kind = pairKind(a, b);
      const w = features.pairs.get(kind);
      const n = model.values[kind];
      if (!w || !n) continue;
      // Events per entity in the window, summed once, by value id (zeroed again below).
      entityEvents = grown(entityEvents, strings.size);
      onceStamp = grown(onceStamp, strings.size);
      onceSurprise = grown(onceSurprise, strings.size);
      stamp++;
      for (let s = 0; s < w.size; s++) entityEvents[w.a(s)] = (entityEvents[w.a(s)] ?? 0) + w.count(s);
      for (let s = 0; s < w.size; s++) {
        const va = w.a(s);
        const e = n.entity(va);
        if (e < 0) continue;
        const observations = n.observations[e] ?? 0;
        if (observations < MIN_ENTITY_OBSERVATIONS) continue;
        const vb = w.b(s);
        if (n.pairs.count(va, vb) > 0) continue;
        const count = w.count(s);
        // Most new values come once: their surprise depends on the entity only, computed once.
        let surprise: number;
        if (count === 1 && onceStamp[va] === stamp) surprise = onceSurprise[va] ?? 0;
        else {
          surprise = noveltySurprise(n.singletons[e] ?? 0, observations, entityEvents[va] ?? 0, count);
          if (count === 1) {
            onceStamp[va] = stamp;
            onceSurprise[va] = surprise;
          }
        }
        if (surprise < MIN_SURPRISE) continue;
        const known = (n.known[e] ?? []).map((v) => strings.str(v));
        const value = strings.str(vb);
        out.push({
          detector: 'rarity',
          kind: 'rare-value',
          entity: entityOfField(config, a, strings.str(va)),
          key: `value:${a}=${strings.str(va)}|${b}=${value}`,
          surprise,
          reason: `${b} ${value} never seen for this ${a} before (${count} event(s)); known: ${known.slice(0, 5).join(', ')}${known.length > 5 ? ', …' : ''}`,
          actual: count,
          expected: 0,
          samples: samplesOf(features, w, s),
        });
      }
      for (let s = 0; s < w.size; s++) entityEvents[w.a(s)] = 0;
    }
    return out;
  },
  learn({ model, features, config }) {
    for (const [a, b] of config.rarity) {
      const kind = pairKind(a, b);
      const w = features.pairs.get(kind);
      if (!w) continue;
      const n = (model.values[kind] ??= new EntityNovelty());
      for (let s = 0; s < w.size; s++) n.observe(w.a(s), w.b(s), w.count(s));
    }
  },
};
