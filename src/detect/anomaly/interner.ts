// Values (users, hosts, addresses, templates, sources…) as small integers, one lookup per
// value per event; everything downstream keys on the integers. Part of the tenant's model,
// so ids are stable across restarts and the model's tables can be stored as numbers.
//
// The lookup is the anomaly stage's hottest line (several values per event, each a fresh
// string from the parser), so it is an open-addressing table over typed arrays rather than
// a Map: each cell holds a 32-bit hash beside the id, so a probe reads one cache line and
// reads the stored string only on a hash match, and the table holds no per-entry objects for
// the collector to walk.

/** FNV-1a over the UTF-16 code units, finished with a multiply-xorshift so nearby strings
 *  (`10.0.0.1`, `10.0.0.2`) spread over the table. */
function hashOf(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  return h ^ (h >>> 13);
}

export class Interner {
  readonly strings: string[];
  /** Hash of each string by id, for rehashing. */
  private hashes: Int32Array;
  /** Open addressing, two entries a cell: the hash, then id + 1 (0 for empty). */
  private index: Int32Array;
  private mask: number;

  constructor(strings: string[] = []) {
    this.strings = strings;
    let cap = 64;
    while (cap < strings.length * 2) cap *= 2;
    this.index = new Int32Array(cap * 2);
    this.mask = cap - 1;
    this.hashes = new Int32Array(Math.max(32, strings.length));
    // A stored list has no duplicates (ids are only ever given to new strings).
    for (let i = 0; i < strings.length; i++) {
      const h = hashOf(strings[i] ?? '');
      this.hashes[i] = h;
      this.place(h, i);
    }
  }

  /** Id of `s` (hash `h`), or -1. */
  private find(s: string, h: number): number {
    const index = this.index;
    const mask = this.mask;
    for (let p = h & mask; ; p = (p + 1) & mask) {
      const q = index[2 * p + 1] ?? 0;
      if (q === 0) return -1;
      if (index[2 * p] === h && this.strings[q - 1] === s) return q - 1;
    }
  }

  private place(h: number, id: number): void {
    const mask = this.mask;
    let p = h & mask;
    while ((this.index[2 * p + 1] ?? 0) !== 0) p = (p + 1) & mask;
    this.index[2 * p] = h;
    this.index[2 * p + 1] = id + 1;
  }

  id(s: string): number {
    const h = hashOf(s);
    const found = this.find(s, h);
    if (found >= 0) return found;
    const i = this.strings.length;
    this.strings.push(s);
    if (i >= this.hashes.length) {
      const hashes = new Int32Array(this.hashes.length * 2);
      hashes.set(this.hashes);
      this.hashes = hashes;
    }
    this.hashes[i] = h;
    if ((i + 1) * 2 > this.mask + 1) this.rehash((this.mask + 1) * 2);
    else this.place(h, i);
    return i;
  }

  private rehash(cap: number): void {
    this.index = new Int32Array(cap * 2);
    this.mask = cap - 1;
    for (let i = 0; i < this.strings.length; i++) this.place(this.hashes[i] ?? 0, i);
  }

  /** Id of a known string, or -1 (never adds). */
  get(s: string): number {
    return this.find(s, hashOf(s));
  }

  str(id: number): string {
    return this.strings[id] ?? '';
  }

  get size(): number {
    return this.strings.length;
  }

  toJSON(): string[] {
    return this.strings;
  }
}
