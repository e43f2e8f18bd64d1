// A relation: tuples of interned symbols in one growable Int32Array, a hash set for
// de-duplication, and one hash index per bound-argument pattern a rule plan asks for. Tuple
// ids grow in insertion order and index chains keep that order, so the semi-naive evaluator can
// tell old, delta and new tuples apart by comparing ids with the round's bounds.

const EMPTY = -1;

function mix(h: number, v: number): number {
  h = Math.imul(h ^ v, 0x9e3779b1);
  return (h ^ (h >>> 15)) | 0;
}

/** Murmur3's finaliser: spreads every input bit over the low bits the tables mask with. */
function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) | 0;
}

export class Relation {
  readonly arity: number;
  readonly name: string;
  data: Int32Array;
  /** Global fact id of each tuple. */
  factId: Int32Array;
  /** Hash of each tuple, kept so growing the set never re-hashes tuples. */
  private hashes: Int32Array;
  size = 0;
  /** Position in the owning engine's relation list. */
  id = -1;
  private set: Int32Array;
  private setMask: number;
  readonly indexes = new Map<number, TupleIndex>();

  constructor(name: string, arity: number) {
    this.name = name;
    this.arity = arity;
    this.data = new Int32Array(Math.max(1, arity) * 64);
    this.factId = new Int32Array(64);
    this.hashes = new Int32Array(64);
    this.set = new Int32Array(128).fill(EMPTY);
    this.setMask = 127;
  }

  private hashOf(vals: Int32Array): number {
    let h = 0x12345;
    for (let i = 0; i < this.arity; i++) h = mix(h, vals[i] as number);
    return fmix(h);
  }

  private sameAt(t: number, vals: Int32Array): boolean {
    const base = t * this.arity;
    for (let i = 0; i < this.arity; i++) if (this.data[base + i] !== vals[i]) return false;
    return true;
  }

  /** Tuple id of `vals`, or -1. */
  find(vals: Int32Array): number {
    let s = this.hashOf(vals) & this.setMask;
    for (;;) {
      const t = this.set[s] as number;
      if (t === EMPTY) return -1;
      if (this.sameAt(t, vals)) return t;
      s = (s + 1) & this.setMask;
    }
  }

  /** Inserts `vals` if new and returns its tuple id; for a tuple already there returns ~id (< 0). */
  insert(vals: Int32Array, nextFactId: number): number {
    const h = this.hashOf(vals);
    let s = h & this.setMask;
    for (;;) {
      const t = this.set[s] as number;
      if (t === EMPTY) break;
      if (this.sameAt(t, vals)) return ~t;
      s = (s + 1) & this.setMask;
    }
    const id = this.size;
    if ((id + 1) * this.arity > this.data.length || id + 1 > this.factId.length) this.grow();
    const base = id * this.arity;
    for (let i = 0; i < this.arity; i++) this.data[base + i] = vals[i] as number;
    this.factId[id] = nextFactId;
    this.hashes[id] = h;
    this.size++;
    this.set[s] = id;
    if (this.size * 2 > this.setMask) this.rehash();
    for (const idx of this.indexes.values()) idx.add(id);
    return id;
  }

  /** Makes room for `n` tuples at once, so a large load does not grow and re-hash step by step. */
  reserve(n: number): void {
    while (this.factId.length < n) this.grow();
    if (n * 2 > this.setMask) {
      let cap = this.setMask + 1;
      while (n * 2 > cap - 1) cap *= 2;
      this.setMask = cap / 2 - 1;
      this.rehash();
    }
  }

  private grow(): void {
    const cap = this.factId.length * 2;
    const d = new Int32Array(Math.max(1, this.arity) * cap);
    d.set(this.data);
    this.data = d;
    const f = new Int32Array(cap);
    f.set(this.factId);
    this.factId = f;
    const hs = new Int32Array(cap);
    hs.set(this.hashes);
    this.hashes = hs;
  }

  private rehash(): void {
    const cap = (this.setMask + 1) * 2;
    this.set = new Int32Array(cap).fill(EMPTY);
    this.setMask = cap - 1;
    for (let t = 0; t < this.size; t++) {
      let s = (this.hashes[t] as number) & this.setMask;
      while (this.set[s] !== EMPTY) s = (s + 1) & this.setMask;
      this.set[s] = t;
    }
  }

  /** The index for a bound-argument bit mask, built on first use and maintained after. */
  index(mask: number): TupleIndex {
    let idx = this.indexes.get(mask);
    if (!idx) {
      idx = new TupleIndex(this, mask);
      for (let t = 0; t < this.size; t++) idx.add(t);
      this.indexes.set(mask, idx);
    }
    return idx;
  }
}

/**
 * Hash index on a subset of columns: each distinct key has a chain of tuple ids in ascending
 * order (head and tail per slot, `next` per tuple), so a lookup walks only matching tuples.
 */
export class TupleIndex {
  private readonly rel: Relation;
  readonly cols: number[];
  private slotTuple: Int32Array;
  private slotTail: Int32Array;
  private slotMask: number;
  private used = 0;
  next: Int32Array;

  constructor(rel: Relation, mask: number) {
    this.rel = rel;
    this.cols = [];
    for (let i = 0; i < rel.arity; i++) if (mask & (1 << i)) this.cols.push(i);
    this.slotTuple = new Int32Array(64).fill(EMPTY);
    this.slotTail = new Int32Array(64);
    this.slotMask = 63;
    this.next = new Int32Array(64);
  }

  private hashTuple(t: number): number {
    let h = 0x2545;
    const base = t * this.rel.arity;
    for (const c of this.cols) h = mix(h, this.rel.data[base + c] as number);
    return fmix(h);
  }

  add(t: number): void {
    if (t >= this.next.length) {
      const n = new Int32Array(Math.max(this.next.length * 2, t + 1));
      n.set(this.next);
      this.next = n;
    }
    this.next[t] = EMPTY;
    const data = this.rel.data;
    const ar = this.rel.arity;
    let s = this.hashTuple(t) & this.slotMask;
    for (;;) {
      const head = this.slotTuple[s] as number;
      if (head === EMPTY) break;
      let same = true;
      for (const c of this.cols) if (data[head * ar + c] !== data[t * ar + c]) { same = false; break; }
      if (same) {
        this.next[this.slotTail[s] as number] = t;
        this.slotTail[s] = t;
        return;
      }
      s = (s + 1) & this.slotMask;
    }
    this.slotTuple[s] = t;
    this.slotTail[s] = t;
    if (++this.used * 2 > this.slotMask) this.rehash();
  }

  private rehash(): void {
    const oldT = this.slotTuple;
    const oldTail = this.slotTail;
    const cap = (this.slotMask + 1) * 2;
    this.slotTuple = new Int32Array(cap).fill(EMPTY);
    this.slotTail = new Int32Array(cap);
    this.slotMask = cap - 1;
    for (let s = 0; s < oldT.length; s++) {
      const head = oldT[s] as number;
      if (head === EMPTY) continue;
      let n = this.hashTuple(head) & this.slotMask;
      while (this.slotTuple[n] !== EMPTY) n = (n + 1) & this.slotMask;
      this.slotTuple[n] = head;
      this.slotTail[n] = oldTail[s] as number;
    }
  }

  /** First tuple id whose indexed columns equal `key` (values in column order), or -1. */
  first(key: Int32Array): number {
    let h = 0x2545;
    for (let i = 0; i < this.cols.length; i++) h = mix(h, key[i] as number);
    h = fmix(h);
    const data = this.rel.data;
    const ar = this.rel.arity;
    let s = h & this.slotMask;
    for (;;) {
      const head = this.slotTuple[s] as number;
      if (head === EMPTY) return EMPTY;
      let same = true;
      for (let i = 0; i < this.cols.length; i++) if (data[head * ar + (this.cols[i] as number)] !== key[i]) { same = false; break; }
      if (same) return head;
      s = (s + 1) & this.slotMask;
    }
  }
}
