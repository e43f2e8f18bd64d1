import { Interner } from './interner.ts';
import { KeyTable, type KeyTableJson } from './key-table.ts';
import { EntityNovelty, Novelty, type EntityNoveltyJson, type NoveltyJson } from './novelty.ts';
import type { CarriedEvidence } from './rollup.ts';
import { SeriesTable, type SeriesTableJson } from './series-table.ts';
import { emptyBoxes, type CountBoxes } from './sessions/count-vector.ts';

// What the anomaly stage learns about one tenant; detectors read and update it, nothing else
// holds learned state. Values are interned (interner.ts) and the large tables are integer
// tables (key-table.ts): what grows with the traffic (pairs, values per entity, series) is
// numbers, not objects. The model serialises to JSON (each table has toJSON; reviveModel
// rebuilds them), so any state store can keep it and it survives restarts.

/**
 * Counts per window of one series (an entity's events, a template on a host, a source…),
 * kept sparse: only windows with events are stored, so the many series that are quiet most
 * of the time cost nothing per window.
 */
export interface Series {
  /** Window in which the series was first seen. */
  created: number;
  /** Last window with events. */
  last: number;
  /** Windows with events, ascending, and their counts. */
  windows: number[];
  counts: number[];
  /** Level accepted as normal by false-positive feedback: spikes up to it are not findings. */
  accepted?: number;
  /** A sample line from the last window with events, for silence findings. */
  sample?: string;
}

export const MODEL_VERSION = 2;

export interface TenantModel {
  version: typeof MODEL_VERSION;
  tenant: string;
  /** First and last window index processed. */
  firstWindow: number | null;
  lastWindow: number | null;
  /** Every value the tables below key on, by id. */
  strings: Interner;
  /** Template id (b = 0) → events. */
  templates: Novelty;
  /** Pair kind (`<field>|<field>`, `template` for the template key) → value ids → events. */
  pairs: Record<string, Novelty>;
  /** Recurrence kind (`<field>|<field>`) → value ids → windows in which the pair turned up. */
  presence: Record<string, Novelty>;
  series: SeriesTable;
  /** Rarity kind (`<entity field>|<value field>`) → per entity, the values it brought. */
  values: Record<string, EntityNovelty>;
  /** Keys marked as false positives (feedback) → when. */
  feedback: Record<string, number>;
  /** Log source → first window it logged in (its warm-up starts there). */
  sources: Record<string, number>;
  /** Entity key → its evidence carried to later windows (see rollup.ts); absent in models
   *  stored before it existed. */
  evidence?: Record<string, CarriedEvidence>;
  /** Detector → its strongest raw surprise in each recent window (see calibration.ts). */
  calibration: Record<string, number[]>;
  /** Series judged for silence (sources, hosts), so silence need not scan every series. */
  watched: KeyTable;
  sessions: SessionState;
}

export interface OpenSession {
  first: number;
  last: number;
  /** Template key → events. */
  counts: Record<string, number>;
  sample: string;
  source: string;
}

export interface SessionState {
  /** `<field>=<value>` → session still receiving events. */
  open: Record<string, OpenSession>;
  boxes: CountBoxes;
  /** Counts of recently flagged sessions, so feedback can teach them as normal. */
  flaggedRecent: Record<string, Record<string, number>>;
  judged: number;
  flagged: number;
}

// Keys are data from the logs (`__proto__`, `constructor` are valid user names), so every
// record is a prototype-less object, also after a JSON round trip (see reviveModel).
export function dict<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

export function emptyModel(tenant: string): TenantModel {
  return {
    version: MODEL_VERSION,
    tenant,
    firstWindow: null,
    lastWindow: null,
    strings: new Interner(),
    templates: new Novelty(),
    pairs: dict(),
    presence: dict(),
    series: new SeriesTable(),
    values: dict(),
    feedback: dict(),
    sources: dict(),
    watched: new KeyTable(),
    calibration: dict(),
    evidence: dict(),
    sessions: { open: dict(), boxes: emptyBoxes(), flaggedRecent: dict(), judged: 0, flagged: 0 },
  };
}

type StoredModel = Omit<TenantModel, 'strings' | 'templates' | 'pairs' | 'presence' | 'series' | 'values' | 'watched'> & {
  presence: Record<string, NoveltyJson>;
  strings: string[];
  templates: NoveltyJson;
  pairs: Record<string, NoveltyJson>;
  series: SeriesTableJson;
  values: Record<string, EntityNoveltyJson>;
  watched: KeyTableJson;
};

function mapValues<A, B>(r: Record<string, A>, f: (a: A) => B): Record<string, B> {
  const out = dict<B>();
  for (const k in r) out[k] = f(r[k] as A);
  return out;
}

/** Parses a stored model, rebuilding its tables and making every record prototype-less. */
export function reviveModel(json: string): TenantModel {
  const m = JSON.parse(json, (_key, value: unknown) =>
    value !== null && typeof value === 'object' && !Array.isArray(value) ? Object.assign(dict(), value) : value,
  ) as StoredModel;
  if (m.version !== MODEL_VERSION) {
    throw new Error(`anomaly model of tenant ${String(m.tenant)} has version ${String(m.version)}, this build reads ${MODEL_VERSION}: delete it to relearn`);
  }
  return {
    ...m,
    strings: new Interner(m.strings),
    templates: Novelty.fromJSON(m.templates),
    pairs: mapValues(m.pairs, Novelty.fromJSON),
    presence: mapValues(m.presence, Novelty.fromJSON),
    series: SeriesTable.fromJSON(m.series),
    values: mapValues(m.values, EntityNovelty.fromJSON),
    watched: KeyTable.fromJSON(m.watched),
  };
}

/** Records window `w`'s count (a non-zero one) and forgets windows older than `keep`. */
export function pushSeries(s: Series, w: number, count: number, keep: number): void {
  if (count > 0) {
    s.windows.push(w);
    s.counts.push(count);
    s.last = w;
  }
  let drop = 0;
  while (drop < s.windows.length && (s.windows[drop] ?? 0) <= w - keep) drop++;
  if (drop > 0) {
    s.windows.splice(0, drop);
    s.counts.splice(0, drop);
  }
}

/** Count of window `w` (0 when it had no events), by binary search. */
export function countAt(s: Series, w: number): number {
  let lo = 0;
  let hi = s.windows.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const x = s.windows[mid] ?? 0;
    if (x === w) return s.counts[mid] ?? 0;
    if (x < w) lo = mid + 1;
    else hi = mid - 1;
  }
  return 0;
}

/** Times the tenant logged a template (0 when never), by its key. */
export function templateCount(model: TenantModel, key: string): number {
  const id = model.strings.get(key);
  return id < 0 ? 0 : model.templates.count(id);
}

/** Times a pair of values was seen together, by pair kind and values. */
export function pairCount(model: TenantModel, kind: string, a: string, b: string): number {
  const ia = model.strings.get(a);
  const ib = model.strings.get(b);
  return ia < 0 || ib < 0 ? 0 : (model.pairs[kind]?.count(ia, ib) ?? 0);
}
