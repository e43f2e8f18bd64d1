// One pass over a window's events into the aggregates every detector reads, so scoring
// costs one walk of the events whatever the number of detectors. Each value is interned to an
// integer once per event; the aggregates are integer tables (window-table.ts) keyed the way
// the model keys its series and pairs, so learning a window is table to table, no strings.
import type { Event, FieldValue } from '../../core/event.ts';
import type { AnomalyConfig, EntityType } from './config.ts';
import type { Interner } from './interner.ts';
import { compileGlob } from './glob.ts';
import { distinctA, entityA, SOURCE } from './series-table.ts';
import { KeyTable } from './key-table.ts';
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
  /** Pair kind (`<field>|<field>`) → (value id, value id) → events, for the first-seen,
   *  recurrence and rarity pairs and template × host (distinct kinds: see distinctPairs). */
  pairs: Map<string, WindowTable>;
  /** (distinct series key) → distinct values of the watched field for that entity. */
  distinct: WindowTable;
  /** Distinct kind (`<entity field>|<watched field>`) → its (entity, value) pairs of the window. */
  distinctPairs: Map<string, DistinctPairs>;
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

/** Every pair kind counted per event (first-seen, recurrence, rarity, and template × host). */
function pairKinds(config: AnomalyConfig): [string, string][] {
  const host = config.entityFields.host;
  const all = [...config.pairs, ...config.recurrence, ...config.rarity, ...(host ? [[TEMPLATE, host] as const] : [])];
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
  sets: KeyTable[];
  /** Interned values of the window's events, one column of `events` ids per field slot. */
  columns: Int32Array;
}
const scratchOf = new WeakMap<Interner, Scratch>();

function scratch(strings: Interner, keep: number, events: number) {
  let sc = scratchOf.get(strings);
  if (!sc || sc.keep !== keep) scratchOf.set(strings, (sc = { keep, direct: [], tables: [], sets: [], columns: new Int32Array(0) }));
  const s = sc;
  return {
    direct(i: number): DirectCounts {
      let d = s.direct[i];
      if (!d) s.direct[i] = d = new DirectCounts(keep, strings.size + (events >> 2) + 64);
      else d.clear();
      return d;
    },
    table(i: number, capacity = Math.max(64, events >> 1)): WindowTable {
      let t = s.tables[i];
      if (!t) s.tables[i] = t = new WindowTable(keep, capacity);
      else t.clear();
      return t;
    },
    set(i: number): KeyTable {
      let t = s.sets[i];
      if (!t) s.sets[i] = t = new KeyTable(Math.max(64, events >> 1));
      else t.clear();
      return t;
    },
    columns(n: number): Int32Array {
      if (s.columns.length < n) s.columns = new Int32Array(Math.max(n, s.columns.length * 2));
      return s.columns;
    },
  };
}

/** How the distinct pairs of one distinct kind are read: from a pair table another detector
 *  needs anyway (`swapped` when it is keyed (watched value, entity)), else from a set of pairs. */
export interface DistinctPairs {
  keys: KeyTable;
  swapped: boolean;
}

export function extractFeatures(events: readonly Event[], window: number, config: AnomalyConfig, strings: Interner): WindowFeatures {
  const keep = config.samples;
  const sc = scratch(strings, keep, events.length);
  let d = 0;
  let tb = 0;
  const f: WindowFeatures = {
    window,
    events,
    samples: keep,
    strings,
    templates: sc.table(tb++, 64),
    fallback: new Map(),
    series: sc.table(tb++, 1024),
    pairs: new Map(),
    distinct: sc.table(tb++, 64),
    distinctPairs: new Map(),
    sessions: new Map(),
  };
  // Every field any aggregate reads gets a slot, interned once per event into a column.
  const slotOf = new Map<string, number>([[TEMPLATE, 0]]);
  const slot = (field: string): number => {
    let i = slotOf.get(field);
    if (i === undefined) slotOf.set(field, (i = slotOf.size));
    return i;
  };
  const entityTypes = Object.entries(config.entityFields) as [EntityType, string][];
  const entitySlots = entityTypes.map(([type, field]) => ({ a: entityA(type), at: slot(field), counts: sc.direct(d++) }));
  const host = config.entityFields.host;
  const hostAt = host !== undefined ? slot(host) : -1;
  const pairTables = pairKinds(config).map(([a, b]) => {
    const t = sc.table(tb++);
    f.pairs.set(pairKind(a, b), t);
    return { ia: slot(a), ib: slot(b), t };
  });
  // A distinct kind reads a pair table when one holds its pairs either way round; else its
  // pairs are only collected as a set (no counts, no samples: nothing reads them).
  let st = 0;
  const distinctSets: { ia: number; ib: number; t: KeyTable }[] = [];
  for (const [a, b] of config.distinct) {
    const kind = pairKind(a, b);
    if (f.distinctPairs.has(kind)) continue;
    const same = f.pairs.get(kind);
    const reverse = f.pairs.get(pairKind(b, a));
    if (same) f.distinctPairs.set(kind, { keys: same.keys, swapped: false });
    else if (reverse) f.distinctPairs.set(kind, { keys: reverse.keys, swapped: true });
    else {
      const t = sc.set(st++);
      distinctSets.push({ ia: slot(a), ib: slot(b), t });
      f.distinctPairs.set(kind, { keys: t, swapped: false });
    }
  }
  const templateCounts = sc.direct(d++);
  const sourceCounts = sc.direct(d++);
  const fields = [...slotOf.keys()];
  // A session key that is also a slot's field (session.id is an entity) is read once, with the slot.
  const sessionRules = config.sessions.map((r) => ({ ...r, at: slotOf.get(r.field) ?? 0, matches: r.source === undefined ? () => true : compileGlob(r.source) }));
  const nf = fields.length;
  const n = events.length;
  const cols = sc.columns(nf * n);
  const lastVal: (string | undefined)[] = new Array<string | undefined>(nf).fill(undefined);
  const lastId = new Int32Array(nf).fill(-1);
  // Template ids of parsed events are found once per parser and action, not per event.
  const tplCache = new Map<string, Map<string, number>>();
  let lastSource: string | undefined;
  let lastTemplate: string | undefined;
  let lastParser: string | undefined;
  let lastWhat: string | undefined;
  let lastTpl = -1;
  let sourceId = -1;
  // First pass: each event's values as ids, into the columns; nothing else touches memory
  // per event, so the tables below are each filled in a loop of their own, with their own
  // memory warm in the cache.
  for (let i = 0; i < n; i++) {
    const e = events[i] as Event;
    let tpl: number;
    // `lastTpl` is the id of whichever of the two caches was filled last: each is reset when
    // the other kind of event comes between.
    if (e.templateId) {
      tpl = e.templateId === lastTemplate ? lastTpl : strings.id((lastTemplate = e.templateId));
      lastParser = undefined;
    } else {
      lastTemplate = undefined;
      const what = scalar(e.fields['event.action']) ?? scalar(e.fields['event.code']) ?? scalar(e.fields['rule.id']) ?? '';
      // The same parser and action as the event before (the parser's constants): no lookup.
      if (what === lastWhat && e.parser === lastParser) tpl = lastTpl;
      else {
        let byParser = tplCache.get(e.parser);
        if (!byParser) tplCache.set(e.parser, (byParser = new Map()));
        const known = byParser.get(what);
        if (known === undefined) byParser.set(what, (tpl = strings.id(`${e.parser}/${what}`)));
        else tpl = known;
        lastWhat = what;
        lastParser = e.parser;
      }
    }
    lastTpl = tpl;
    cols[i] = tpl;
    for (let s = 1; s < nf; s++) {
      const v = scalar(e.fields[fields[s] as string]);
      // Consecutive events often share a value (one process, one host in a burst): a string
      // compare is cheaper than hashing it again.
      if (v !== lastVal[s]) {
        lastVal[s] = v;
        lastId[s] = v === undefined ? -1 : strings.id(v);
      }
      cols[s * n + i] = lastId[s] ?? -1;
    }
    if (e.source !== lastSource) {
      lastSource = e.source;
      sourceId = strings.id(e.source);
    }
    sourceCounts.add(sourceId, i);
    for (const r of sessionRules) {
      const v = r.at > 0 ? lastVal[r.at] : scalar(e.fields[r.field]);
      if (v === undefined || !r.matches(e.source)) continue;
      const key = `${r.field}=${v}`;
      let s = f.sessions.get(key);
      if (!s) f.sessions.set(key, (s = { counts: new Map(), sample: e.raw, source: e.source, idlePeriods: r.idlePeriods }));
      const name = strings.str(tpl);
      s.counts.set(name, (s.counts.get(name) ?? 0) + 1);
    }
  }
  for (let i = 0; i < n; i++) templateCounts.add(cols[i] ?? 0, i);
  for (const es of entitySlots) {
    const at = es.at * n;
    for (let i = 0; i < n; i++) {
      const v = cols[at + i] ?? -1;
      if (v >= 0) es.counts.add(v, i);
    }
  }
  // Template → the first entity of its events without a host (the first entity field set).
  const hostCol = hostAt * n;
  for (let i = 0; i < n; i++) {
    if (hostAt >= 0 && (cols[hostCol + i] ?? -1) >= 0) continue;
    const tpl = cols[i] ?? 0;
    if (f.fallback.has(tpl)) continue;
    for (const es of entitySlots) {
      const v = cols[es.at * n + i] ?? -1;
      if (v < 0) continue;
      f.fallback.set(tpl, [es.a, v]);
      break;
    }
  }
  for (const pt of pairTables) {
    const ca = pt.ia * n;
    const cb = pt.ib * n;
    for (let i = 0; i < n; i++) {
      const va = cols[ca + i] ?? -1;
      if (va < 0) continue;
      const vb = cols[cb + i] ?? -1;
      if (vb >= 0) pt.t.add(va, vb, i);
    }
  }
  for (const ds of distinctSets) {
    const ca = ds.ia * n;
    const cb = ds.ib * n;
    for (let i = 0; i < n; i++) {
      const va = cols[ca + i] ?? -1;
      if (va < 0) continue;
      const vb = cols[cb + i] ?? -1;
      if (vb >= 0) ds.t.add(va, vb);
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
  // Distinct values per entity: each pair is one distinct value of its entity.
  for (const [a, b] of config.distinct) {
    const pairs = f.distinctPairs.get(pairKind(a, b));
    if (!pairs) continue;
    const da = distinctA(strings.id(pairKind(a, b)));
    const entities = pairs.swapped ? pairs.keys.b : pairs.keys.a;
    for (let s = 0; s < pairs.keys.size; s++) f.distinct.bump(da, entities[s] ?? 0);
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
