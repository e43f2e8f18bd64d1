// A pull-style key=value scanner for the hot loops of auditd and generic key=value lines.
// Why not scanKv's visitor: a callback per pair is a closure per line and a call site shared by
// every format (polymorphic, not inlined); pulling pairs from one reused cursor keeps each
// caller's loop monomorphic and allocation-free apart from the value strings.
// Same grammar as scanKv: bare, "double" or 'single' quoted values; bare words (no `=`) are
// skipped here, since neither caller keeps them. The key is given as offsets and a hash (see
// key-table.ts), not as a string: callers look its facts up without slicing it.
import { hashStep } from './key-table.ts';

export interface KvCursor {
  s: string;
  /** Next index to read. */
  i: number;
  end: number;
  /** The key is `s[keyStart, keyEnd)`; `hash` its hashStep hash. */
  keyStart: number;
  keyEnd: number;
  hash: number;
  value: string;
  quoted: boolean;
}

export function kvCursor(): KvCursor {
  return { s: '', i: 0, end: 0, keyStart: 0, keyEnd: 0, hash: 0, value: '', quoted: false };
}

/** Points `c` at `s[start, end)`. */
export function resetKv(c: KvCursor, s: string, start: number, end: number): void {
  c.s = s;
  c.i = start;
  c.end = end;
}

/** Moves to the next `key=value` pair; false at the end. */
export function nextKv(c: KvCursor): boolean {
  const s = c.s;
  const end = c.end;
  let i = c.i;
  for (;;) {
    while (i < end && s.charCodeAt(i) === 32) i++;
    if (i >= end) {
      c.i = i;
      return false;
    }
    let j = i;
    let ch = 0;
    let h = 0;
    while (j < end) {
      ch = s.charCodeAt(j);
      if (ch === 61 || ch === 32) break;
      h = hashStep(h, ch);
      j++;
    }
    if (j >= end || ch === 32) {
      i = j; // a bare word
      continue;
    }
    c.keyStart = i;
    c.keyEnd = j;
    c.hash = h;
    const k = j + 1;
    const q = k < end ? s.charCodeAt(k) : 0;
    if (q === 34 || q === 39) {
      const close = s.indexOf(q === 34 ? '"' : "'", k + 1);
      const stop = close < 0 || close > end ? end : close;
      c.value = s.slice(k + 1, stop);
      c.quoted = true;
      c.i = stop + 1;
    } else {
      let e = k;
      while (e < end && s.charCodeAt(e) !== 32) e++;
      c.value = s.slice(k, e);
      c.quoted = false;
      c.i = e;
    }
    return true;
  }
}
