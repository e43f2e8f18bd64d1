// Per-key facts looked up straight from the line, without slicing the key out first. Why: in
// key=value formats (auditd, generic kv) a fresh key string per pair costs an allocation plus a
// full hash in Map.get; the scanner already walks the key's characters, so it hashes them on the
// way and this table compares the stored key in place (`startsWith` at the offset).
// Open addressing, bounded like the name caches: past MAX distinct keys a lookup still answers
// (built afresh, not kept), so hostile input with endless distinct keys cannot grow memory.

const MAX = 4096;
const SLOTS = 8192; // a power of two, twice MAX: probes stay short
const MASK = SLOTS - 1;

/** Running hash of a key: start at 0, feed each char code in order. */
export function hashStep(h: number, c: number): number {
  return (Math.imul(h, 31) + c) | 0;
}

export type KeyLookup<T> = (s: string, start: number, end: number, hash: number) => T;

/** A lookup of `build(key)` for the key `s[start, end)` whose `hashStep` hash is `hash`. */
export function keyTable<T>(build: (key: string) => T): KeyLookup<T> {
  const keys: (string | undefined)[] = new Array<string | undefined>(SLOTS).fill(undefined);
  const hashes = new Int32Array(SLOTS);
  const values: (T | undefined)[] = new Array<T | undefined>(SLOTS).fill(undefined);
  let count = 0;
  return (s, start, end, hash) => {
    const len = end - start;
    let i = (hash ^ (hash >>> 13)) & MASK;
    for (;;) {
      const k = keys[i];
      if (k === undefined) break;
      if (hashes[i] === hash && k.length === len && s.startsWith(k, start)) return values[i] as T;
      i = (i + 1) & MASK;
    }
    const key = s.slice(start, end);
    const v = build(key);
    if (count < MAX) {
      keys[i] = key;
      hashes[i] = hash;
      values[i] = v;
      count++;
    }
    return v;
  };
}
