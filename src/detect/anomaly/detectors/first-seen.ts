// First-seen: a template the tenant never logged before, and a pair never seen together
// (user × host, process × host, template × host…). How surprising a new one is depends on how
// often this tenant sees new ones (Good-Turing), so a noisy tenant is not flooded.
import { noveltySurprise } from '../baseline.ts';
import { pairKey, pairTallies, TEMPLATE } from '../features.ts';
import type { FindingDraft } from '../finding.ts';
import { emptyNovelty, observe } from '../model.ts';
import type { WindowDetector } from './detector.ts';
import { entityOfField } from './entity-ref.ts';

export const firstSeenDetector: WindowDetector = {
  name: 'first-seen',
  detect({ model, features, config }) {
    const out: FindingDraft[] = [];
    const newTemplates = new Set<string>();
    for (const [key, t] of features.templates) {
      if (model.templates.seen[key] !== undefined) continue;
      newTemplates.add(key);
      // The producer is the host with most of the new lines, else the entity, else the tenant.
      let top: [string, number] | undefined;
      for (const e of t.entities) if (!top || e[1] > top[1]) top = e;
      out.push({
        detector: 'first-seen',
        kind: 'new-template',
        entity: top ? { type: 'host', value: top[0] } : (t.fallback ?? { type: 'tenant', value: model.tenant }),
        key: `template:${key}`,
        surprise: noveltySurprise(model.templates.singletons, model.templates.observations, features.events, t.count),
        reason: `new kind of log line (template ${t.text}) seen ${t.count} time(s); this tenant had ${Object.keys(model.templates.seen).length} known templates`,
        actual: t.count,
        expected: 0,
        template: t.text,
        ...(t.source !== undefined ? { source: t.source } : {}),
        samples: t.samples,
      });
    }
    for (const [a, b] of config.pairs) {
      const kind = `${a}|${b}`;
      const seen = model.pairs[kind] ?? emptyNovelty();
      const window = features.pairs.get(kind);
      if (!window) continue;
      let windowEvents = 0;
      for (const inner of window.values()) for (const t of inner.values()) windowEvents += t.count;
      for (const t of pairTallies(window)) {
        const pair = pairKey(t);
        if (seen.seen[pair] !== undefined) continue;
        const va = t.a;
        const vb = t.b;
        // A new template already has its own finding; its pair with a host adds nothing.
        if (a === TEMPLATE && newTemplates.has(va)) continue;
        if (b === TEMPLATE && newTemplates.has(vb)) continue;
        // The finding is about the side that acts (user, process), or the host for a template.
        const entity = a === TEMPLATE ? entityOfField(config, b, vb) : entityOfField(config, a, va);
        out.push({
          detector: 'first-seen',
          kind: 'new-pair',
          entity,
          key: `pair:${kind}:${pair}`,
          surprise: noveltySurprise(seen.singletons, seen.observations, windowEvents, t.count),
          reason: `${a} ${va} seen with ${b} ${vb} for the first time (${t.count} event(s)); ${Object.keys(seen.seen).length} ${a}×${b} pairs known`,
          actual: t.count,
          expected: 0,
          ...(a === TEMPLATE ? { template: va } : {}),
          ...(t.source !== undefined ? { source: t.source } : {}),
          samples: t.samples,
        });
      }
    }
    return out;
  },
  learn({ model, features, config }) {
    for (const [key, t] of features.templates) {
      observe(model.templates, key, t.count);
      model.templateText[key] ??= t.text;
    }
    for (const [a, b] of config.pairs) {
      const kind = `${a}|${b}`;
      const window = features.pairs.get(kind);
      if (!window) continue;
      const seen = (model.pairs[kind] ??= emptyNovelty());
      for (const t of pairTallies(window)) observe(seen, pairKey(t), t.count);
    }
  },
};
