// A hash index of integer pairs (a, b) → dense slot 0..size-1, in insertion order. The anomaly
// stage interns every value to an integer once per event (interner.ts) and then counts and
// remembers pairs of them here: typed arrays hold no per-key objects, so a model with a
// million user × address pairs costs the garbage collector nothing to walk, and a lookup
// hashes two integers instead of a concatenated string.

function hashOf(a: number, b: number): number {
  let h = Math.imul(a ^ 0x5bd1e995, 0x9e3779b1) ^ Math.imul(b + 0x7f4a7c15, 0x85ebca77);
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  return h ^ (h >>> 13);
}

/** Copy of `arr` with room for at least `n` entries (doubling), or `arr` when it has room. */
export function grown<T extends Int32Array | Float64Array | Uint8Array>(arr: T, n: number): T {
  if (n <= arr.length) return arr;
  let len = Math.max(8, arr.length);
  while (len < n) len *= 2;
  const out = new (arr.constructor as new (len: number) => T)(len);
  out.set(arr);
  return out;
}

export interface KeyTableJson {
  a: number[];
  b: number[];
}

export class KeyTable {
  size = 0;
  /** Keys by slot. */
  a: Int32Array;
  b: Int32Array;
  /** Open addressing: slot + 1, 0 for empty. */
  private index: Int32Array;
  private mask: number;

  constructor(capacity = 16) {
    let cap = 16;
    while (cap < capacity * 2) cap *= 2;
    this.index = new Int32Array(cap);
    this.mask = cap - 1;
    this.a = new Int32Array(Math.max(8, capacity));
    this.b = new Int32Array(Math.max(8, capacity));
  }

  /** Slot of (a, b), or -1. */
  find(a: number, b: number): number {
    const index = this.index;
    const mask = this.mask;
    let h = hashOf(a, b) & mask;
    for (;;) {
      const s = index[h] ?? 0;
      if (s === 0) return -1;
      if (this.a[s - 1] === a && this.b[s - 1] === b) return s - 1;
      h = (h + 1) & mask;
    }
  }

  /** Slot of (a, b), added at the end when new (compare `size` before and after to know). */
  add(a: number, b: number): number {
    const mask = this.mask;
    let h = hashOf(a, b) & mask;
    for (;;) {
      const s = this.index[h] ?? 0;
      if (s === 0) break;
      if (this.a[s - 1] === a && this.b[s - 1] === b) return s - 1;
      h = (h + 1) & mask;
    }
    const slot = this.size++;
    if (slot >= this.a.length) {
      this.a = grown(this.a, slot + 1);
      this.b = grown(this.b, slot + 1);
    }
    this.a[slot] = a;
    this.b[slot] = b;
    this.index[h] = slot + 1;
    if (this.size * 2 > this.index.length) this.rehash(this.index.length * 2);
    return slot;
  }

  /** Empties the table, keeping its memory (per-window tables are reused window after window). */
  clear(): void {
    if (this.size === 0) return;
    this.index.fill(0);
    this.size = 0;
  }

  private rehash(cap: number): void {
    const index = new Int32Array(cap);
    const mask = cap - 1;
    for (let s = 0; s < this.size; s++) {
      let h = hashOf(this.a[s] ?? 0, this.b[s] ?? 0) & mask;
      while (index[h] !== 0) h = (h + 1) & mask;
      index[h] = s + 1;
    }
    this.index = index;
    this.mask = mask;
  }

  toJSON(): KeyTableJson {
    return { a: Array.from(this.a.subarray(0, this.size)), b: Array.from(this.b.subarray(0, this.size)) };
  }

  static fromJSON(j: KeyTableJson): KeyTable {
    const t = new KeyTable(j.a.length);
    for (let i = 0; i < j.a.length; i++) t.add(j.a[i] ?? 0, j.b[i] ?? 0);
    return t;
  }
}
