// One pass over a window's events into the aggregates every detector reads, so scoring
// costs one walk of the events whatever the number of detectors. Each value is interned to an
// integer once per event; the aggregates are integer tables (window-table.ts) keyed the way
// the model keys its series and pairs, so learning a window is table to table, no strings.
import type { Event, FieldValue } from '../../core/event.ts';
import type { AnomalyConfig, EntityType } from './config.ts';
import type { Interner } from './interner.ts';
import { compileGlob } from './glob.ts';
import { distinctA, entityA, SOURCE } from './series-table.ts';
import { DirectCounts, WindowTable } from './window-table.ts';

export const TEMPLATE = 'template';

export interface WindowSession {
  counts: Map<string, number>;
  sample: string;
  source: string;
  idlePeriods: number;
}

export interface WindowFeatures {
  window: number;
  events: readonly Event[];
  /** Samples kept per finding. */
  samples: number;
  strings: Interner;
  /** (template id, 0) → events. */
  templates: WindowTable;
  /** Template id → the first entity (series key form) of its events without a host. */
  fallback: Map<number, [number, number]>;
  /** Series keys (see series-table.ts) → events: per entity, template on host, per source. */
  series: WindowTable;
  /** Pair kind (`<field>|<field>`) → (value id, value id) → events. */
  pairs: Map<string, WindowTable>;
  /** (distinct series key) → distinct values of the watched field for that entity. */
  distinct: WindowTable;
  /** Session key (`<field>=<value>`) → template counts of the session's events in the window. */
  sessions: Map<string, WindowSession>;
}

export function scalar(v: FieldValue | undefined): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string') return v === '' ? undefined : v;
  if (Array.isArray(v)) return v.length ? String(v[0]) : undefined;
  return String(v);
}

/** The template key of an event: the mined template, else the parser and its action/code. */
export function templateKeyOf(e: Event): string {
  if (e.templateId) return e.templateId;
  const what = scalar(e.fields['event.action']) ?? scalar(e.fields['event.code']) ?? scalar(e.fields['rule.id']) ?? '';
  return `${e.parser}/${what}`;
}

export const pairKind = (a: string, b: string): string => `${a}|${b}`;

/** Every pair kind any detector reads (first-seen, recurrence, rarity, distinct, and template × host). */
function pairKinds(config: AnomalyConfig): [string, string][] {
  const host = config.entityFields.host;
  const all = [...config.pairs, ...config.recurrence, ...config.rarity, ...config.distinct, ...(host ? [[TEMPLATE, host] as const] : [])];
  const seen = new Set<string>();
  const out: [string, string][] = [];
  for (const [a, b] of all) {
    const k = pairKind(a, b);
    if (seen.has(k)) continue;
    seen.add(k);
    out.push([a, b]);
  }
  return out;
}

/** Per-window tables of one tenant, reused window after window: allocating them afresh each
 *  window (megabytes of typed arrays) made the collector run full collections. */
interface Scratch {
  keep: number;
  direct: DirectCounts[];
  tables: WindowTable[];
}
const scratchOf = new WeakMap<Interner, Scratch>();

function scratch(strings: Interner, keep: number, events: number): { direct: (i: number) => DirectCounts; table: (i: number) => WindowTable } {
  let sc = scratchOf.get(strings);
  if (!sc || sc.keep !== keep) scratchOf.set(strings, (sc = { keep, direct: [], tables: [] }));
  const s = sc;
  return {
    direct(i) {
      let d = s.direct[i];
      if (!d) s.direct[i] = d = new DirectCounts(keep, strings.size + (events >> 2) + 64);
      else d.clear();
      return d;
    },
    table(i) {
      let t = s.tables[i];
      if (!t) s.tables[i] = t = new WindowTable(keep, Math.max(64, events >> 1));
      else t.clear();
      return t;
    },
  };
}

export function extractFeatures(events: readonly Event[], window: number, config: AnomalyConfig, strings: Interner): WindowFeatures {
  const keep = config.samples;
  const f: WindowFeatures = {
    window,
    events,
    samples: keep,
    strings,
    templates: new WindowTable(keep),
    fallback: new Map(),
    series: new WindowTable(keep, 1024),
    pairs: new Map(),
    distinct: new WindowTable(0),
    sessions: new Map(),
  };
  // Every field any aggregate reads gets a slot, interned once per event into a reused array.
  const slotOf = new Map<string, number>([[TEMPLATE, 0]]);
  const slot = (field: string): number => {
    let i = slotOf.get(field);
    if (i === undefined) slotOf.set(field, (i = slotOf.size));
    return i;
  };
  const entityTypes = Object.entries(config.entityFields) as [EntityType, string][];
  const sc = scratch(strings, keep, events.length);
  let d = 0;
  let tb = 0;
  const entitySlots = entityTypes.map(([type, field]) => ({ a: entityA(type), at: slot(field), counts: sc.direct(d++) }));
  const host = config.entityFields.host;
  const hostAt = host !== undefined ? slot(host) : -1;
  const kinds = pairKinds(config);
  const pairTables = kinds.map(([a, b]) => {
    const t = sc.table(tb++);
    f.pairs.set(pairKind(a, b), t);
    return { ia: slot(a), ib: slot(b), t };
  });
  const templateCounts = sc.direct(d++);
  const sourceCounts = sc.direct(d++);
  const sessionRules = config.sessions.map((r) => ({ ...r, matches: r.source === undefined ? () => true : compileGlob(r.source) }));
  const fields = [...slotOf.keys()];
  const nf = fields.length;
  const vals = new Int32Array(nf);
  const lastVal: (string | undefined)[] = new Array<string | undefined>(nf).fill(undefined);
  vals.fill(-1);
  // Template ids of parsed events are found once per parser and action, not per event.
  const tplCache = new Map<string, Map<string, number>>();
  let lastSource: string | undefined;
  let lastTemplate: string | undefined;
  let lastTpl = -1;
  let sourceId = -1;
  for (let i = 0; i < events.length; i++) {
    const e = events[i] as Event;
    let tpl: number;
    if (e.templateId) tpl = e.templateId === lastTemplate ? lastTpl : strings.id((lastTemplate = e.templateId));
    else {
      const what = scalar(e.fields['event.action']) ?? scalar(e.fields['event.code']) ?? scalar(e.fields['rule.id']) ?? '';
      let byParser = tplCache.get(e.parser);
      if (!byParser) tplCache.set(e.parser, (byParser = new Map()));
      const known = byParser.get(what);
      if (known === undefined) byParser.set(what, (tpl = strings.id(`${e.parser}/${what}`)));
      else tpl = known;
    }
    lastTpl = tpl;
    vals[0] = tpl;
    for (let s = 1; s < nf; s++) {
      const v = scalar(e.fields[fields[s] as string]);
      // Consecutive events often share a value (one process, one host in a burst): a string
      // compare is cheaper than hashing it again.
      if (v === lastVal[s]) continue;
      lastVal[s] = v;
      vals[s] = v === undefined ? -1 : strings.id(v);
    }
    if (e.source !== lastSource) {
      lastSource = e.source;
      sourceId = strings.id(e.source);
    }
    for (const r of sessionRules) {
      const v = scalar(e.fields[r.field]);
      if (v === undefined || !r.matches(e.source)) continue;
      const key = `${r.field}=${v}`;
      let s = f.sessions.get(key);
      if (!s) f.sessions.set(key, (s = { counts: new Map(), sample: e.raw, source: e.source, idlePeriods: r.idlePeriods }));
      const name = strings.str(tpl);
      s.counts.set(name, (s.counts.get(name) ?? 0) + 1);
    }
    templateCounts.add(tpl, i);
    sourceCounts.add(sourceId, i);
    let firstA = 0;
    let firstB = -1;
    for (let x = 0; x < entitySlots.length; x++) {
      const es = entitySlots[x] as (typeof entitySlots)[number];
      const v = vals[es.at] ?? -1;
      if (v < 0) continue;
      if (firstB < 0) {
        firstA = es.a;
        firstB = v;
      }
      es.counts.add(v, i);
    }
    if (firstB >= 0 && (hostAt < 0 || (vals[hostAt] ?? -1) < 0) && !f.fallback.has(tpl)) f.fallback.set(tpl, [firstA, firstB]);
    for (let p = 0; p < pairTables.length; p++) {
      const pt = pairTables[p] as (typeof pairTables)[number];
      const va = vals[pt.ia] ?? -1;
      if (va < 0) continue;
      const vb = vals[pt.ib] ?? -1;
      if (vb >= 0) pt.t.add(va, vb, i);
    }
  }
  // Per-key tables from the direct counts: one entry per key, not per event.
  const series = f.series;
  for (let j = 0; j < templateCounts.size; j++) {
    const id = templateCounts.touched[j] ?? 0;
    f.templates.put(id, 0, templateCounts.counts[id] ?? 0, templateCounts, id);
  }
  for (let j = 0; j < sourceCounts.size; j++) {
    const id = sourceCounts.touched[j] ?? 0;
    series.put(SOURCE, id, sourceCounts.counts[id] ?? 0, sourceCounts, id);
  }
  for (const es of entitySlots) {
    for (let j = 0; j < es.counts.size; j++) {
      const id = es.counts.touched[j] ?? 0;
      series.put(es.a, id, es.counts.counts[id] ?? 0, es.counts, id);
    }
  }
  // Per-template counts are kept for hosts only: what a host logs is stable enough to
  // baseline per template; per user or address it would be many sparse series for little.
  const hostTemplates = host !== undefined ? f.pairs.get(pairKind(TEMPLATE, host)) : undefined;
  for (let s = 0; hostTemplates && s < hostTemplates.size; s++) series.copy(hostTemplates.b(s), hostTemplates.a(s), hostTemplates, s);
  // Distinct values per entity: each slot of a pair table is one distinct pair.
  for (const [a, b] of config.distinct) {
    const t = f.pairs.get(pairKind(a, b));
    if (!t) continue;
    const da = distinctA(strings.id(pairKind(a, b)));
    for (let s = 0; s < t.size; s++) f.distinct.bump(da, t.a(s));
  }
  return f;
}

/** Raw sample lines of a slot of one of the window's tables. */
export function samplesOf(f: WindowFeatures, t: WindowTable, slot: number): string[] {
  return t.rawSamples(slot, f.events, f.samples);
}

/** Log source of the first event of a slot. */
export function sourceOf(f: WindowFeatures, t: WindowTable, slot: number): string | undefined {
  return f.events[t.first(slot)]?.source;
}
