// Rarity: a value new for this entity (a new source IP for a user), judged against how
// often this entity brings new values (its own Good-Turing estimate), once it has a history.
import { noveltySurprise } from '../baseline.ts';
import type { FindingDraft } from '../finding.ts';
import { emptyNovelty, observe } from '../model.ts';
import type { WindowDetector } from './detector.ts';
import { entityOfField } from './entity-ref.ts';
import { MIN_SURPRISE } from './rates.ts';

/** Observations of an entity's values before a new one can be a finding. */
export const MIN_ENTITY_OBSERVATIONS = 20;

/** Values named in a finding's reason. */
const KNOWN_SHOWN = 5;

export const rarityDetector: WindowDetector = {
  name: 'rarity',
  detect({ model, features, config }) {
    const out: FindingDraft[] = [];
    for (const [a, b] of config.rarity) {
      const window = features.pairs.get(`${a}|${b}`);
      if (!window) continue;
      // The entity's history is looked up once per entity, not once per value it touched.
      for (const [va, values] of window) {
        const n = model.values[`${a}=${va}|${b}`];
        if (!n || n.observations < MIN_ENTITY_OBSERVATIONS) continue;
        let entityEvents = 0;
        for (const t of values.values()) entityEvents += t.count;
        for (const [vb, t] of values) {
          if (n.seen[vb] !== undefined) continue;
          const surprise = noveltySurprise(n.singletons, n.observations, entityEvents, t.count);
          if (surprise < MIN_SURPRISE) continue;
          const known: string[] = [];
          let more = false;
          for (const k in n.seen) {
            if (known.length === KNOWN_SHOWN) {
              more = true;
              break;
            }
            known.push(k);
          }
          out.push({
            detector: 'rarity',
            kind: 'rare-value',
            entity: entityOfField(config, a, va),
            key: `value:${a}=${va}|${b}=${vb}`,
            surprise,
            reason: `${b} ${vb} never seen for this ${a} before (${t.count} event(s)); known: ${known.join(', ')}${more ? ', …' : ''}`,
            actual: t.count,
            expected: 0,
            samples: t.samples,
          });
        }
      }
    }
    return out;
  },
  learn({ model, features, config }) {
    for (const [a, b] of config.rarity) {
      const window = features.pairs.get(`${a}|${b}`);
      if (!window) continue;
      for (const [va, values] of window) {
        const n = (model.values[`${a}=${va}|${b}`] ??= emptyNovelty());
        for (const [vb, t] of values) observe(n, vb, t.count);
      }
    }
  },
};
