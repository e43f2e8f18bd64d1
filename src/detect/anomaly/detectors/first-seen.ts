// First-seen: a template the tenant never logged before, and a pair never seen together
// (user × host, process × host, template × host…). How surprising a new one is depends on how
// often this tenant sees new ones (Good-Turing), so a noisy tenant is not flooded.
import { noveltySurprise } from '../baseline.ts';
import { pairKind, samplesOf, sourceOf, TEMPLATE } from '../features.ts';
import type { EntityRef, FindingDraft } from '../finding.ts';
import { Novelty } from '../novelty.ts';
import type { WindowDetector } from './detector.ts';
import { entityOfField, entityOfSeries } from './entity-ref.ts';

export const firstSeenDetector: WindowDetector = {
  name: 'first-seen',
  detect({ model, features, config }) {
    const out: FindingDraft[] = [];
    const strings = model.strings;
    const newTemplates = new Set<number>();
    const t = features.templates;
    for (let s = 0; s < t.size; s++) if (model.templates.count(t.a(s)) === 0) newTemplates.add(t.a(s));
    if (newTemplates.size) {
      // The producer is the host with most of the new lines, else the entity, else the tenant.
      const top = new Map<number, [number, number]>();
      const host = config.entityFields.host;
      const th = host !== undefined ? features.pairs.get(pairKind(TEMPLATE, host)) : undefined;
      for (let s = 0; th && s < th.size; s++) {
        const tpl = th.a(s);
        if (!newTemplates.has(tpl)) continue;
        const best = top.get(tpl);
        if (!best || th.count(s) > best[1]) top.set(tpl, [th.b(s), th.count(s)]);
      }
      for (let s = 0; s < t.size; s++) {
        const tpl = t.a(s);
        if (!newTemplates.has(tpl)) continue;
        const text = strings.str(tpl);
        const h = top.get(tpl);
        const fb = features.fallback.get(tpl);
        const entity: EntityRef = h ? { type: 'host', value: strings.str(h[0]) } : fb ? entityOfSeries(strings, fb[0], fb[1]) : { type: 'tenant', value: model.tenant };
        const source = sourceOf(features, t, s);
        out.push({
          detector: 'first-seen',
          kind: 'new-template',
          entity,
          key: `template:${text}`,
          surprise: noveltySurprise(model.templates.singletons, model.templates.observations, features.events.length, t.count(s)),
          reason: `new kind of log line (template ${text}) seen ${t.count(s)} time(s); this tenant had ${model.templates.size} known templates`,
          actual: t.count(s),
          expected: 0,
          template: text,
          ...(source !== undefined ? { source } : {}),
          samples: samplesOf(features, t, s),
        });
      }
    }
    for (const [a, b] of config.pairs) {
      const kind = pairKind(a, b);
      const seen = model.pairs[kind] ?? new Novelty();
      const w = features.pairs.get(kind);
      if (!w) continue;
      let windowEvents = 0;
      for (let s = 0; s < w.size; s++) windowEvents += w.count(s);
      for (let s = 0; s < w.size; s++) {
        const ia = w.a(s);
        const ib = w.b(s);
        if (seen.count(ia, ib) > 0) continue;
        // A new template already has its own finding; its pair with a host adds nothing.
        if (a === TEMPLATE && newTemplates.has(ia)) continue;
        if (b === TEMPLATE && newTemplates.has(ib)) continue;
        const va = strings.str(ia);
        const vb = strings.str(ib);
        // The finding is about the side that acts (user, process), or the host for a template.
        const entity = a === TEMPLATE ? entityOfField(config, b, vb) : entityOfField(config, a, va);
        const source = sourceOf(features, w, s);
        out.push({
          detector: 'first-seen',
          kind: 'new-pair',
          entity,
          key: `pair:${kind}:${va}\u0000${vb}`,
          surprise: noveltySurprise(seen.singletons, seen.observations, windowEvents, w.count(s)),
          reason: `${a} ${va} seen with ${b} ${vb} for the first time (${w.count(s)} event(s)); ${seen.size} ${a}×${b} pairs known`,
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
    const t = features.templates;
    for (let s = 0; s < t.size; s++) model.templates.observe(t.a(s), 0, t.count(s));
    for (const [a, b] of config.pairs) {
      const kind = pairKind(a, b);
      const w = features.pairs.get(kind);
      if (!w) continue;
      const seen = (model.pairs[kind] ??= new Novelty());
      for (let s = 0; s < w.size; s++) seen.observe(w.a(s), w.b(s), w.count(s));
    }
  },
};
