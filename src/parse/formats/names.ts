// Interned field names for format-specific keys (`auditd.data.pid`, `cef.act`, `kv.srcip`).
// Building `prefix + key` per line makes a fresh string that V8 must hash and internalize on
// every property store; looking the joined name up in a small cache returns the same string
// each time. The cache is bounded so hostile input with endless distinct keys cannot grow it.

const MAX = 4096;

export function prefixedName(cache: Map<string, string>, prefix: string, key: string): string {
  let name = cache.get(key);
  if (name === undefined) {
    name = prefix + key;
    if (cache.size < MAX) cache.set(key, name);
  }
  return name;
}

/** A cache of `prefix + key` names for one prefix. */
export function nameCache(prefix: string): (key: string) => string {
  const cache = new Map<string, string>();
  return (key) => prefixedName(cache, prefix, key);
}

/** `Blocked Connection` → `blocked_connection`, cached (vendors repeat the same few values). */
const snakeCache = new Map<string, string>();
export function snakeCase(s: string): string {
  let out = snakeCache.get(s);
  if (out === undefined) {
    out = s.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '');
    if (snakeCache.size < MAX) snakeCache.set(s, out);
  }
  return out;
}

/** Per-key facts computed once per distinct key (its prefixed field name, where it maps…) and
 *  looked up with one hash per pair after that. Bounded like the name caches. */
export function keyCache<T>(build: (key: string) => T): (key: string) => T {
  const cache = new Map<string, T>();
  return (key) => {
    let v = cache.get(key);
    if (v === undefined) {
      v = build(key);
      if (cache.size < MAX) cache.set(key, v);
    }
    return v;
  };
}
