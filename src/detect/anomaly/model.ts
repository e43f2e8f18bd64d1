// What the anomaly stage learns about one tenant. Plain JSON so any state store can keep it
// and it survives restarts; detectors read and update it, nothing else holds learned state.

/** Occurrence counts of keys, with what Good-Turing needs kept up to date. */
export interface Novelty {
  seen: Record<string, number>;
  /** Keys seen exactly once. */
  singletons: number;
  observations: number;
}

/** Counts per window of one series (an entity's events, a template on a host, a source…). */
export interface Series {
  /** Window index (time / period) of the last value. */
  last: number;
  values: number[];
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

/** Appends window `w`'s value, filling skipped windows with zeros and keeping `keep` values. */
export function pushSeries(s: Series, w: number, value: number, keep: number): void {
  const gap = Math.min(keep, w - s.last - 1);
  for (let i = 0; i < gap; i++) s.values.push(0);
  s.values.push(value);
  s.last = w;
  if (s.values.length > keep) s.values.splice(0, s.values.length - keep);
}
