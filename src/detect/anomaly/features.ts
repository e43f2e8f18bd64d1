// One pass over a window's events into the aggregates every detector reads, so scoring
// costs one walk of the events whatever the number of detectors.
import type { Event, FieldValue } from '../../core/event.ts';
import type { AnomalyConfig, EntityType } from './config.ts';
import type { EntityRef } from './finding.ts';
import { compileGlob } from './glob.ts';

export interface Tally {
  count: number;
  samples: string[];
  /** Log source of the first event counted. */
  source?: string;
}

/** A pair's tally, with its two values kept so no one splits the key again. */
export interface PairTally extends Tally {
  a: string;
  b: string;
}

export interface WindowFeatures {
  window: number;
  events: number;
  /** Template key → events, with its text. */
  /** Template key → events, with its text, its hosts (value → events) and, for lines without a
   *  host, the first entity seen. */
  templates: Map<string, Tally & { text: string; entities: Map<string, number>; fallback?: EntityRef }>;
  /** Series key (see seriesKey) → count: per-entity totals and template counts, per-source totals. */
  series: Map<string, Tally>;
  /** Pair kind (`a|b`) → pair key (`va\u0000vb`) → tally. */
  pairs: Map<string, Map<string, PairTally>>;
  /** `<entity field>=<value>|<field>` → distinct values of the watched field. */
  distinct: Map<string, Set<string>>;
  /** Session key (`<field>=<value>`) → template counts of the session's events in the window. */
  sessions: Map<string, { counts: Map<string, number>; sample: string; source: string; idlePeriods: number }>;
}

export const TEMPLATE = 'template';

export function scalar(v: FieldValue | undefined): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (Array.isArray(v)) return v.length ? String(v[0]) : undefined;
  const s = String(v);
  return s === '' ? undefined : s;
}

/** The template key of an event: the mined template, else the parser and its action/code. */
export function templateKeyOf(e: Event): string {
  if (e.templateId) return e.templateId;
  const what = scalar(e.fields['event.action']) ?? scalar(e.fields['event.code']) ?? scalar(e.fields['rule.id']) ?? '';
  return `${e.parser}/${what}`;
}

function fieldOf(e: Event, name: string, template: string): string | undefined {
  return name === TEMPLATE ? template : scalar(e.fields[name]);
}

function tally<K>(m: Map<K, Tally>, k: K, raw: string, keep: number, source?: string): Tally {
  let t = m.get(k);
  if (!t) m.set(k, (t = { count: 0, samples: [], source }));
  t.count++;
  if (t.samples.length < keep) t.samples.push(raw);
  return t;
}

/** Entity refs of an event, in the configured order (the first is its primary producer). */
export function entitiesOf(e: Event, config: AnomalyConfig): EntityRef[] {
  const out: EntityRef[] = [];
  for (const [type, field] of Object.entries(config.entityFields) as [EntityType, string][]) {
    const v = scalar(e.fields[field]);
    if (v !== undefined) out.push({ type, value: v });
  }
  return out;
}

/** Series key of one template on one entity, and of one log source. */
export const seriesKey = {
  entity: (entity: string) => `e|${entity}`,
  template: (entity: string, template: string) => `t|${entity}|${template}`,
  source: (source: string) => `s|${source}`,
  distinct: (key: string) => `d|${key}`,
};

export function extractFeatures(events: readonly Event[], window: number, config: AnomalyConfig): WindowFeatures {
  const keep = config.samples;
  const f: WindowFeatures = {
    window,
    events: events.length,
    templates: new Map(),
    series: new Map(),
    pairs: new Map(),
    distinct: new Map(),
    sessions: new Map(),
  };
  const entityTypes = Object.entries(config.entityFields) as [EntityType, string][];
  // Aggregation is nested, keyed by the field values themselves (strings the parser already
  // made, their hashes cached), so the per-event loop builds no key strings; the flat keys the
  // detectors use are made once per distinct key at the end of the window.
  const entityMaps = entityTypes.map(([type, field]) => ({ type, field, m: new Map<string, Tally>() }));
  const hostTemplates = new Map<string, Map<string, Tally>>();
  const sources = new Map<string, Tally>();
  const pairMaps = [...config.pairs, ...config.rarity].map(([a, b]) => ({ a, b, m: new Map<string, Map<string, PairTally>>() }));
  const distinctMaps = config.distinct.map(([a, b]) => ({ a, b, m: new Map<string, Set<string>>() }));
  const sessionRules = config.sessions.map((r) => ({ ...r, matches: r.source === undefined ? () => true : compileGlob(r.source) }));
  // Template keys of parsed events are built once per parser and action, not per event.
  const keyCache = new Map<string, Map<string, string>>();
  for (const e of events) {
    let tpl = e.templateId;
    if (tpl === undefined) {
      const what = scalar(e.fields['event.action']) ?? scalar(e.fields['event.code']) ?? scalar(e.fields['rule.id']) ?? '';
      let byParser = keyCache.get(e.parser);
      if (!byParser) keyCache.set(e.parser, (byParser = new Map()));
      tpl = byParser.get(what);
      if (tpl === undefined) byParser.set(what, (tpl = `${e.parser}/${what}`));
    }
    for (const r of sessionRules) {
      const v = scalar(e.fields[r.field]);
      if (v === undefined || !r.matches(e.source)) continue;
      const key = `${r.field}=${v}`;
      let s = f.sessions.get(key);
      if (!s) f.sessions.set(key, (s = { counts: new Map(), sample: e.raw, source: e.source, idlePeriods: r.idlePeriods }));
      s.counts.set(tpl, (s.counts.get(tpl) ?? 0) + 1);
    }
    let t = f.templates.get(tpl);
    if (!t) f.templates.set(tpl, (t = { count: 0, samples: [], text: tpl, entities: new Map(), source: e.source }));
    t.count++;
    if (t.samples.length < keep) t.samples.push(e.raw);
    tally(sources, e.source, e.raw, 1);
    let producer: string | undefined;
    for (const { type, field, m } of entityMaps) {
      const v = scalar(e.fields[field]);
      if (v === undefined) continue;
      tally(m, v, e.raw, keep);
      // Per-template counts are kept for hosts only: what a host logs is stable enough to
      // baseline per template; per user or address it would be many sparse series for little.
      if (type === 'host') {
        let byTemplate = hostTemplates.get(v);
        if (!byTemplate) hostTemplates.set(v, (byTemplate = new Map()));
        tally(byTemplate, tpl, e.raw, keep);
        producer = v;
      }
    }
    // A template's producers: its hosts (other entities are named when there is no host).
    if (producer !== undefined) t.entities.set(producer, (t.entities.get(producer) ?? 0) + 1);
    else if (t.entities.size === 0 && t.fallback === undefined) {
      const first = entityMaps.find((x) => scalar(e.fields[x.field]) !== undefined);
      if (first) t.fallback = { type: first.type, value: scalar(e.fields[first.field]) ?? '' };
    }
    for (const { a, b, m } of pairMaps) {
      const va = fieldOf(e, a, tpl);
      if (va === undefined) continue;
      const vb = fieldOf(e, b, tpl);
      if (vb === undefined) continue;
      let inner = m.get(va);
      if (!inner) m.set(va, (inner = new Map()));
      let pt = inner.get(vb);
      if (!pt) inner.set(vb, (pt = { count: 0, samples: [], source: e.source, a: va, b: vb }));
      pt.count++;
      if (pt.samples.length < keep) pt.samples.push(e.raw);
    }
    for (const { a, b, m } of distinctMaps) {
      const va = fieldOf(e, a, tpl);
      if (va === undefined) continue;
      const vb = fieldOf(e, b, tpl);
      if (vb === undefined) continue;
      let set = m.get(va);
      if (!set) m.set(va, (set = new Set()));
      set.add(vb);
    }
  }
  for (const [source, t] of sources) f.series.set(seriesKey.source(source), t);
  for (const { type, m } of entityMaps) for (const [v, t] of m) f.series.set(seriesKey.entity(`${type}:${v}`), t);
  for (const [host, byTemplate] of hostTemplates) for (const [tpl, t] of byTemplate) f.series.set(seriesKey.template(`host:${host}`, tpl), t);
  for (const { a, b, m } of pairMaps) {
    const flat = new Map<string, PairTally>();
    f.pairs.set(`${a}|${b}`, flat);
    for (const [va, inner] of m) for (const [vb, t] of inner) flat.set(`${va}\u0000${vb}`, t);
  }
  for (const { a, b, m } of distinctMaps) for (const [va, set] of m) f.distinct.set(`${a}=${va}|${b}`, set);
  return f;
}
