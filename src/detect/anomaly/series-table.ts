// The model's series (counts per window of one entity, one template on a host, one log
// source, one entity's distinct values, the tenant's total), keyed by integer pairs:
//   entity            (-1 - index of its type in ENTITY_TYPES, value id)
//   template on host  (host id >= 0, template id)
//   log source        (SOURCE, source id)        tenant total (TOTAL, 0)
//   distinct values   (DISTINCT_BASE - id of "<entity field>|<watched field>", value id)
// Findings, feedback and reports name a series by its string form (`e|user:bob`,
// `t|host:web1|sshd/failed`, `s|auth.log`, `d|source.ip=10.0.0.7|user.name`, `x|events`).
import { ENTITY_TYPES, type EntityType } from './config.ts';
import type { Interner } from './interner.ts';
import { grown, KeyTable, type KeyTableJson } from './key-table.ts';
import type { Series } from './model.ts';
import { sparseBaseline, type Baseline } from './baseline.ts';

export const SOURCE = -20;
export const TOTAL = -21;
export const DISTINCT_BASE = -1000;

export const entityA = (type: EntityType): number => -1 - ENTITY_TYPES.indexOf(type);
export const isEntityA = (a: number): boolean => a < 0 && a >= -ENTITY_TYPES.length;
export const entityTypeOfA = (a: number): EntityType => ENTITY_TYPES[-1 - a] ?? 'user';
export const HOST_A = entityA('host');
export const distinctA = (kindId: number): number => DISTINCT_BASE - kindId;

/** The string form of a series key. */
export function seriesName(strings: Interner, a: number, b: number): string {
  if (a >= 0) return `t|host:${strings.str(a)}|${strings.str(b)}`;
  if (isEntityA(a)) return `e|${entityTypeOfA(a)}:${strings.str(b)}`;
  if (a === SOURCE) return `s|${strings.str(b)}`;
  if (a === TOTAL) return 'x|events';
  const [fa = '', fb = ''] = strings.str(DISTINCT_BASE - a).split('|');
  return `d|${fa}=${strings.str(b)}|${fb}`;
}

/** The key of a series' string form, or undefined when it names values never seen. */
export function parseSeriesName(strings: Interner, name: string): [number, number] | undefined {
  const kind = name.slice(0, 2);
  const rest = name.slice(2);
  const key = (a: number, b: number): [number, number] | undefined => (b < 0 ? undefined : [a, b]);
  if (kind === 'x|') return [TOTAL, 0];
  if (kind === 's|') return key(SOURCE, strings.get(rest));
  if (kind === 'e|') {
    const colon = rest.indexOf(':');
    const type = rest.slice(0, colon) as EntityType;
    return ENTITY_TYPES.includes(type) ? key(entityA(type), strings.get(rest.slice(colon + 1))) : undefined;
  }
  if (kind === 't|' && rest.startsWith('host:')) {
    const bar = rest.lastIndexOf('|');
    const host = strings.get(rest.slice(5, bar));
    return host < 0 ? undefined : key(host, strings.get(rest.slice(bar + 1)));
  }
  if (kind === 'd|') {
    const eq = rest.indexOf('=');
    const bar = rest.lastIndexOf('|');
    const k = strings.get(`${rest.slice(0, eq)}|${rest.slice(bar + 1)}`);
    return k < 0 ? undefined : key(distinctA(k), strings.get(rest.slice(eq + 1, bar)));
  }
  return undefined;
}

/** One series' entries, oldest first, while its baseline is computed (reused). */
let chainWin = new Int32Array(1024);
let chainCnt = new Int32Array(1024);

export interface SeriesTableJson {
  keys: KeyTableJson;
  created: number[];
  last: number[];
  accepted: number[];
  samples: Record<string, string>;
  /** Every stored (series slot, window, count), oldest first. */
  entries: { slot: number[]; window: number[]; count: number[] };
}

/**
 * All series of a tenant in columns: a key index, per-series scalars, and one log of
 * (window, count) entries chained per series (newest first). A window appends an entry per
 * series with events and allocates nothing per series; a series is made into a `Series`
 * object only when it is judged. Entries older than the history are dropped by `retain`.
 */
export class SeriesTable {
  keys = new KeyTable();
  private created: number[] = [];
  private lastW: number[] = [];
  private acceptedAt: number[] = [];
  private head: number[] = [];
  private samples = new Map<number, string>();
  private n = 0;
  private win = new Int32Array(1024);
  private cnt = new Int32Array(1024);
  private prev = new Int32Array(1024);

  get size(): number {
    return this.keys.size;
  }

  slot(a: number, b: number): number {
    return this.keys.find(a, b);
  }

  /** Slot of (a, b), made (first seen in window `created`) when new. */
  add(a: number, b: number, created: number): number {
    const before = this.keys.size;
    const s = this.keys.add(a, b);
    if (s >= before) {
      this.created.push(created);
      this.lastW.push(created);
      this.acceptedAt.push(0);
      this.head.push(-1);
    }
    return s;
  }

  /** Records window `w`'s count of a series (zero counts only when `dense`). */
  record(slot: number, w: number, count: number, dense = false): void {
    if (count <= 0 && !dense) return;
    const i = this.n++;
    if (i >= this.win.length) {
      this.win = grown(this.win, i + 1);
      this.cnt = grown(this.cnt, i + 1);
      this.prev = grown(this.prev, i + 1);
    }
    this.win[i] = w;
    this.cnt[i] = count;
    this.prev[i] = this.head[slot] ?? -1;
    this.head[slot] = i;
    if (count > 0 || dense) this.lastW[slot] = w;
  }

  last(slot: number): number {
    return this.lastW[slot] ?? 0;
  }

  createdAt(slot: number): number {
    return this.created[slot] ?? 0;
  }

  accepted(slot: number): number {
    return this.acceptedAt[slot] ?? 0;
  }

  setAccepted(slot: number, level: number): void {
    this.acceptedAt[slot] = level;
  }

  setSample(slot: number, raw: string): void {
    this.samples.set(slot, raw);
  }

  /** The series at `slot` as an object (windows ascending), for judging and reports. */
  view(slot: number): Series {
    const windows: number[] = [];
    const counts: number[] = [];
    for (let i = this.head[slot] ?? -1; i >= 0; i = this.prev[i] ?? -1) {
      windows.push(this.win[i] ?? 0);
      counts.push(this.cnt[i] ?? 0);
    }
    windows.reverse();
    counts.reverse();
    const s: Series = { created: this.createdAt(slot), last: this.last(slot), windows, counts };
    const accepted = this.accepted(slot);
    if (accepted > 0) s.accepted = accepted;
    const sample = this.samples.get(slot);
    if (sample !== undefined) s.sample = sample;
    return s;
  }

  /** The series' baseline for window `w` (see seriesBaseline), read from the columns without
   *  making the series into an object: the rate detectors judge thousands per window. */
  baseline(slot: number, w: number, slotsPerDay: number, seasonalSamples: number, minHistory: number, keep: number): Baseline | undefined {
    let n = 0;
    for (let i = this.head[slot] ?? -1; i >= 0; i = this.prev[i] ?? -1) n++;
    if (n > chainWin.length) {
      chainWin = grown(chainWin, n);
      chainCnt = grown(chainCnt, n);
    }
    let k = n;
    for (let i = this.head[slot] ?? -1; i >= 0; i = this.prev[i] ?? -1) {
      chainWin[--k] = this.win[i] ?? 0;
      chainCnt[k] = this.cnt[i] ?? 0;
    }
    return sparseBaseline(this.createdAt(slot), chainWin, chainCnt, n, w, slotsPerDay, seasonalSamples, minHistory, keep);
  }

  /** Windows with events in [from, before), counting no further than `upTo` (callers that
   *  only need to know whether a series is rare stop early on a common one). */
  windowsWithEvents(slot: number, from: number, before: number, upTo = Infinity): number {
    let n = 0;
    for (let i = this.head[slot] ?? -1; i >= 0 && n < upTo; i = this.prev[i] ?? -1) {
      const w = this.win[i] ?? 0;
      if (w < from) break;
      if (w < before && (this.cnt[i] ?? 0) > 0) n++;
    }
    return n;
  }

  get(a: number, b: number): Series | undefined {
    const s = this.keys.find(a, b);
    return s < 0 ? undefined : this.view(s);
  }

  /** Keeps the series for which `keep` is true and the entries after window `oldest`
   *  (the index is rebuilt: slots change). */
  retain(keep: (slot: number, a: number, b: number) => boolean, oldest = -Infinity): void {
    const kept: boolean[] = [];
    let dropping = false;
    for (let s = 0; s < this.keys.size; s++) {
      const k = keep(s, this.keys.a[s] ?? 0, this.keys.b[s] ?? 0);
      kept.push(k);
      dropping ||= !k;
    }
    for (let i = 0; i < this.n && !dropping; i++) dropping = (this.win[i] ?? 0) <= oldest;
    // Nothing to drop (a young tenant, or a sweep right after another): the rebuild would
    // give the same series.
    if (!dropping) return;
    const old = { keys: this.keys, created: this.created, last: this.lastW, accepted: this.acceptedAt, head: this.head, samples: this.samples };
    const { win, cnt, prev } = this;
    this.keys = new KeyTable(old.keys.size);
    this.created = [];
    this.lastW = [];
    this.acceptedAt = [];
    this.head = [];
    this.samples = new Map();
    this.n = 0;
    this.win = new Int32Array(Math.max(1024, win.length));
    this.cnt = new Int32Array(this.win.length);
    this.prev = new Int32Array(this.win.length);
    const chain: number[] = [];
    for (let s = 0; s < old.keys.size; s++) {
      const a = old.keys.a[s] ?? 0;
      const b = old.keys.b[s] ?? 0;
      if (!kept[s]) continue;
      const t = this.add(a, b, old.created[s] ?? 0);
      this.lastW[t] = old.last[s] ?? 0;
      this.acceptedAt[t] = old.accepted[s] ?? 0;
      const sample = old.samples.get(s);
      if (sample !== undefined) this.samples.set(t, sample);
      chain.length = 0;
      for (let i = old.head[s] ?? -1; i >= 0 && (win[i] ?? 0) > oldest; i = prev[i] ?? -1) chain.push(i);
      for (let k = chain.length - 1; k >= 0; k--) {
        const i = chain[k] ?? 0;
        const last: number = this.lastW[t] ?? 0;
        this.record(t, win[i] ?? 0, cnt[i] ?? 0, true);
        this.lastW[t] = last;
      }
    }
  }

  delete(a: number, b: number): boolean {
    if (this.keys.find(a, b) < 0) return false;
    this.retain((_s, x, y) => x !== a || y !== b);
    return true;
  }

  toJSON(): SeriesTableJson {
    const entries = { slot: [] as number[], window: [] as number[], count: [] as number[] };
    for (let s = 0; s < this.keys.size; s++) {
      const v = this.view(s);
      for (let i = 0; i < v.windows.length; i++) {
        entries.slot.push(s);
        entries.window.push(v.windows[i] ?? 0);
        entries.count.push(v.counts[i] ?? 0);
      }
    }
    const samples: Record<string, string> = Object.create(null) as Record<string, string>;
    for (const [s, raw] of this.samples) samples[s] = raw;
    return { keys: this.keys.toJSON(), created: this.created, last: this.lastW, accepted: this.acceptedAt, samples, entries };
  }

  static fromJSON(j: SeriesTableJson): SeriesTable {
    const t = new SeriesTable();
    for (let s = 0; s < j.keys.a.length; s++) t.add(j.keys.a[s] ?? 0, j.keys.b[s] ?? 0, j.created[s] ?? 0);
    t.acceptedAt = [...j.accepted];
    for (const [s, raw] of Object.entries(j.samples)) t.samples.set(Number(s), raw);
    for (let i = 0; i < j.entries.slot.length; i++) t.record(j.entries.slot[i] ?? 0, j.entries.window[i] ?? 0, j.entries.count[i] ?? 0, true);
    t.lastW = [...j.last];
    return t;
  }
}
