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
  /** Template key → events, with its text, its hosts (value → events) and, for lines without a
   *  host, the first entity seen. */
  templates: Map<string, Tally & { text: string; entities: Map<string, number>; fallback?: EntityRef }>;
  /** Series key (see seriesKey) → count: per-entity totals and template counts, per-source totals. */
  series: Map<string, Tally>;
  /** Pair kind (`a|b`) → first value → second value → tally (nested, so a detector can look
   *  up what it keeps per first value once, not once per pair). */
  pairs: Map<string, Map<string, Map<string, PairTally>>>;
  /** `<entity field>=<value>|<field>` → distinct values of the watched field, for entities
   *  with two or more in the window (one value is the common case and never judged). */
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

function tally<K>(m: Map<K, Tally>, k: K, raw: string, keep: number, source?: string): Tally {
  let t = m.get(k);
  // Samples start as a one-element array: an empty one grows to room for 17 on its first push,
  // and most keys of a window (addresses, pairs) are seen once.
  if (!t) m.set(k, (t = { count: 1, samples: keep > 0 ? [raw] : [], source }));
  else {
    t.count++;
    if (t.samples.length < keep) t.samples.push(raw);
  }
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
  // Every field any aggregate reads gets a slot, read once per event into a reused array: the
  // per-event loop then allocates nothing but the tallies of keys new in the window (garbage
  // per event, not per key, was what the collector spent its time on).
  const slotOf = new Map<string, number>([[TEMPLATE, 0]]);
  const slot = (field: string): number => {
    let i = slotOf.get(field);
    if (i === undefined) slotOf.set(field, (i = slotOf.size));
    return i;
  };
  const entityTypes = Object.entries(config.entityFields) as [EntityType, string][];
  const entityMaps = entityTypes.map(([type, field]) => ({ type, field, at: slot(field), m: new Map<string, Tally>() }));
  const hostAt = entityMaps.find((x) => x.type === 'host')?.at ?? -1;
  const hostTemplates = new Map<string, Map<string, Tally>>();
  const sources = new Map<string, Tally>();
  const pairMaps = uniquePairs([...config.pairs, ...config.rarity]).map(([a, b]) => ({ a, b, ia: slot(a), ib: slot(b), m: new Map<string, Map<string, PairTally>>() }));
  // Most entities touch one value per window and are never judged (see distinct.ts), so a
  // set is made only when a second value turns up.
  const distinctMaps = config.distinct.map(([a, b]) => ({ a, b, ia: slot(a), ib: slot(b), m: new Map<string, string | Set<string>>() }));
  const sessionRules = config.sessions.map((r) => ({ ...r, at: slot(r.field), matches: r.source === undefined ? () => true : compileGlob(r.source) }));
  const fields = [...slotOf.keys()];
  const vals: (string | undefined)[] = new Array<string | undefined>(fields.length).fill(undefined);
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
    vals[0] = tpl;
    for (let i = 1; i < fields.length; i++) vals[i] = scalar(e.fields[fields[i] ?? '']);
    for (const r of sessionRules) {
      const v = vals[r.at];
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
    let first: (typeof entityMaps)[number] | undefined;
    for (const x of entityMaps) {
      const v = vals[x.at];
      if (v === undefined) continue;
      first ??= x;
      tally(x.m, v, e.raw, keep);
    }
    // Per-template counts are kept for hosts only: what a host logs is stable enough to
    // baseline per template; per user or address it would be many sparse series for little.
    const host = hostAt >= 0 ? vals[hostAt] : undefined;
    if (host !== undefined) {
      let byTemplate = hostTemplates.get(host);
      if (!byTemplate) hostTemplates.set(host, (byTemplate = new Map()));
      tally(byTemplate, tpl, e.raw, keep);
      // A template's producers: its hosts (other entities are named when there is no host).
      t.entities.set(host, (t.entities.get(host) ?? 0) + 1);
    } else if (first && t.entities.size === 0 && t.fallback === undefined) t.fallback = { type: first.type, value: vals[first.at] ?? '' };
    for (const p of pairMaps) {
      const va = vals[p.ia];
      if (va === undefined) continue;
      const vb = vals[p.ib];
      if (vb === undefined) continue;
      let inner = p.m.get(va);
      if (!inner) p.m.set(va, (inner = new Map()));
      const pt = inner.get(vb);
      if (!pt) inner.set(vb, { count: 1, samples: keep > 0 ? [e.raw] : [], source: e.source, a: va, b: vb });
      else {
        pt.count++;
        if (pt.samples.length < keep) pt.samples.push(e.raw);
      }
    }
    for (const d of distinctMaps) {
      const va = vals[d.ia];
      if (va === undefined) continue;
      const vb = vals[d.ib];
      if (vb === undefined) continue;
      const had = d.m.get(va);
      if (had === undefined) d.m.set(va, vb);
      else if (typeof had !== 'string') had.add(vb);
      else if (had !== vb) d.m.set(va, new Set([had, vb]));
    }
  }
  for (const [source, t] of sources) f.series.set(seriesKey.source(source), t);
  for (const { type, m } of entityMaps) for (const [v, t] of m) f.series.set(seriesKey.entity(`${type}:${v}`), t);
  for (const [host, byTemplate] of hostTemplates) for (const [tpl, t] of byTemplate) f.series.set(seriesKey.template(`host:${host}`, tpl), t);
  for (const { a, b, m } of pairMaps) f.pairs.set(`${a}|${b}`, m);
  for (const { a, b, m } of distinctMaps) for (const [va, set] of m) if (typeof set !== 'string') f.distinct.set(`${a}=${va}|${b}`, set);
  return f;
}

/** The key a pair is known by in the model (`va\u0000vb`). */
export function pairKey(t: PairTally): string {
  return `${t.a}\u0000${t.b}`;
}

export function* pairTallies(pairs: ReadonlyMap<string, ReadonlyMap<string, PairTally>>): Generator<PairTally> {
  for (const inner of pairs.values()) yield* inner.values();
}

/** A pair configured twice (as a first-seen pair and for rarity) is counted once. */
function uniquePairs(pairs: readonly (readonly [string, string])[]): [string, string][] {
  const seen = new Set<string>();
  const out: [string, string][] = [];
  for (const [a, b] of pairs) {
    const k = `${a}|${b}`;
    if (seen.has(k)) continue;
    seen.add(k);
    out.push([a, b]);
  }
  return out;
}
