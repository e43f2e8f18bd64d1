import { emptyBoxes, type CountBoxes } from './sessions/count-vector.ts';

// What the anomaly stage learns about one tenant. Plain JSON so any state store can keep it
// and it survives restarts; detectors read and update it, nothing else holds learned state.

/** Occurrence counts of keys, with what Good-Turing needs kept up to date. */
export interface Novelty {
  seen: Record<string, number>;
  /** Keys seen exactly once. */
  singletons: number;
  observations: number;
}

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

export interface TenantModel {
  version: 1;
  tenant: string;
  /** First and last window index processed. */
  firstWindow: number | null;
  lastWindow: number | null;
  templates: Novelty;
  /** Template text per key, for reports. */
  templateText: Record<string, string>;
  pairs: Record<string, Novelty>;
  series: Record<string, Series>;
  /** Rarity: `<entity field>=<value>|<value field>` → value counts. */
  values: Record<string, Novelty>;
  /** Keys marked as false positives (feedback) → when. */
  feedback: Record<string, number>;
  /** Log source → first window it logged in (its warm-up starts there). */
  sources: Record<string, number>;
  /** Series judged for silence (sources, hosts), so silence need not scan every series. */
  watched: Record<string, 1>;
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
function dict<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

export function emptyModel(tenant: string): TenantModel {
  return {
    version: 1,
    tenant,
    firstWindow: null,
    lastWindow: null,
    templates: emptyNovelty(),
    templateText: dict(),
    pairs: dict(),
    series: dict(),
    values: dict(),
    feedback: dict(),
    sources: dict(),
    watched: dict(),
    sessions: { open: dict(), boxes: emptyBoxes(), flaggedRecent: dict(), judged: 0, flagged: 0 },
  };
}

export function emptyNovelty(): Novelty {
  return { seen: dict(), singletons: 0, observations: 0 };
}

/** Parses a stored model, making every object prototype-less again. */
export function reviveModel(json: string): TenantModel {
  return JSON.parse(json, (_key, value: unknown) =>
    value !== null && typeof value === 'object' && !Array.isArray(value) ? Object.assign(dict(), value) : value,
  ) as TenantModel;
}

export function observe(n: Novelty, key: string, count: number): void {
  const before = n.seen[key] ?? 0;
  const after = before + count;
  n.seen[key] = after;
  n.observations += count;
  if (before === 1) n.singletons--;
  if (after === 1) n.singletons++;
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
