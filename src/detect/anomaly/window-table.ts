// Per-window counts of integer pairs, with the indices of the first few events of each pair
// as samples: adding an event writes integers into typed arrays and allocates nothing, and
// the raw lines are looked up only for the few pairs that become findings.
import type { Event } from '../../core/event.ts';
import { grown, KeyTable } from './key-table.ts';

export class WindowTable {
  readonly keys: KeyTable;
  counts: Int32Array;
  /** `k` event indices per slot (at least one: the first event names the slot's source). */
  private samples: Int32Array;
  private readonly k: number;

  constructor(samplesKept: number, capacity = 64) {
    this.k = Math.max(1, samplesKept);
    this.keys = new KeyTable(capacity);
    this.counts = new Int32Array(capacity);
    this.samples = new Int32Array(capacity * this.k);
  }

  get size(): number {
    return this.keys.size;
  }

  clear(): void {
    this.keys.clear();
  }

  /** Counts event `ev` for (a, b); returns the slot. */
  add(a: number, b: number, ev: number): number {
    const before = this.keys.size;
    const s = this.keys.add(a, b);
    if (s >= before) {
      if (s >= this.counts.length) {
        this.counts = grown(this.counts, s + 1);
        this.samples = grown(this.samples, this.counts.length * this.k);
      }
      this.counts[s] = 1;
      this.samples[s * this.k] = ev;
    } else {
      const c = this.counts[s] ?? 0;
      this.counts[s] = c + 1;
      if (c < this.k) this.samples[s * this.k + c] = ev;
    }
    return s;
  }

  /** Sets (a, b) to `count` with the samples of a direct counter (see DirectCounts). */
  put(a: number, b: number, count: number, from: DirectCounts, id: number): void {
    const s = this.bump(a, b, count);
    from.copySamples(id, this.samples, s * this.k, this.k);
  }

  /** Sets (a, b) to the count and samples of `slot` of another table. */
  copy(a: number, b: number, from: WindowTable, slot: number): void {
    const s = this.bump(a, b, from.count(slot));
    const n = Math.min(this.k, from.k);
    for (let i = 0; i < n; i++) this.samples[s * this.k + i] = from.samples[slot * from.k + i] ?? 0;
  }

  /** Adds `n` to the count of (a, b) with no sample (aggregates such as distinct counts). */
  bump(a: number, b: number, n = 1): number {
    const before = this.keys.size;
    const s = this.keys.add(a, b);
    if (s >= this.counts.length) {
      this.counts = grown(this.counts, s + 1);
      this.samples = grown(this.samples, this.counts.length * this.k);
    }
    this.counts[s] = (s >= before ? 0 : (this.counts[s] ?? 0)) + n;
    return s;
  }

  count(slot: number): number {
    return this.counts[slot] ?? 0;
  }

  a(slot: number): number {
    return this.keys.a[slot] ?? 0;
  }

  b(slot: number): number {
    return this.keys.b[slot] ?? 0;
  }

  /** Index of the slot's first event. */
  first(slot: number): number {
    return this.samples[slot * this.k] ?? 0;
  }

  /** Raw lines of up to `max` of the slot's first events. */
  rawSamples(slot: number, events: readonly Event[], max: number): string[] {
    const n = Math.min(max, this.k, this.count(slot));
    const out: string[] = [];
    for (let i = 0; i < n; i++) out.push(events[this.samples[slot * this.k + i] ?? 0]?.raw ?? '');
    return out;
  }
}

/**
 * Per-window counts indexed directly by interned id: for keys of one value (an entity, a
 * template, a source) counting an event is an array increment, no hashing. `touched` lists
 * the ids counted, in first-seen order.
 */
export class DirectCounts {
  counts: Int32Array;
  touched: Int32Array;
  size = 0;
  private samples: Int32Array;
  private readonly k: number;

  constructor(samplesKept: number, capacity: number) {
    this.k = Math.max(1, samplesKept);
    this.counts = new Int32Array(capacity);
    this.touched = new Int32Array(64);
    this.samples = new Int32Array(capacity * this.k);
  }

  add(id: number, ev: number): void {
    if (id >= this.counts.length) {
      this.counts = grown(this.counts, id + 1);
      this.samples = grown(this.samples, this.counts.length * this.k);
    }
    const c = this.counts[id] ?? 0;
    if (c === 0) {
      if (this.size >= this.touched.length) this.touched = grown(this.touched, this.size + 1);
      this.touched[this.size++] = id;
    }
    this.counts[id] = c + 1;
    if (c < this.k) this.samples[id * this.k + c] = ev;
  }

  /** Zeroes the counts touched, keeping the memory. */
  clear(): void {
    for (let j = 0; j < this.size; j++) this.counts[this.touched[j] ?? 0] = 0;
    this.size = 0;
  }

  copySamples(id: number, to: Int32Array, at: number, k: number): void {
    const n = Math.min(k, this.k);
    for (let i = 0; i < n; i++) to[at + i] = this.samples[id * this.k + i] ?? 0;
  }
}
