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

export const rarityDetector: WindowDetector = {
  name: 'rarity',
  detect({ model, features, config }) {
    const out: FindingDraft[] = [];
    for (const [a, b] of config.rarity) {
      const window = features.pairs.get(`${a}|${b}`);
      if (!window) continue;
      const perEntity = new Map<string, number>();
      for (const t of window.values()) perEntity.set(t.a, (perEntity.get(t.a) ?? 0) + t.count);
      for (const t of window.values()) {
        const va = t.a;
        const vb = t.b;
        const n = model.values[`${a}=${va}|${b}`];
        if (!n || n.observations < MIN_ENTITY_OBSERVATIONS || n.seen[vb] !== undefined) continue;
        const surprise = noveltySurprise(n.singletons, n.observations, perEntity.get(va) ?? 1, t.count);
        if (surprise < MIN_SURPRISE) continue;
        const known = Object.keys(n.seen);
        out.push({
          detector: 'rarity',
          kind: 'rare-value',
          entity: entityOfField(config, a, va),
          key: `value:${a}=${va}|${b}=${vb}`,
          surprise,
          reason: `${b} ${vb} never seen for this ${a} before (${t.count} event(s)); known: ${known.slice(0, 5).join(', ')}${known.length > 5 ? ', …' : ''}`,
          actual: t.count,
          expected: 0,
          samples: t.samples,
        });
      }
    }
    return out;
  },
  learn({ model, features, config }) {
    for (const [a, b] of config.rarity) {
      const window = features.pairs.get(`${a}|${b}`);
      if (!window) continue;
      const prefix = `${a}=`;
      const suffix = `|${b}`;
      for (const t of window.values()) observe((model.values[prefix + t.a + suffix] ??= emptyNovelty()), t.b, t.count);
    }
  },
};
