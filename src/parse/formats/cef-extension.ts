// The pairs of a CEF extension, pulled one at a time from a reused cursor over the line (no
// callback per pair, no copy of the extension): CEF lines set 20+ fields, so per-pair overhead
// is most of their cost. A key is the word right before an unescaped `=`; its value runs to the
// separator before the next key. An unescaped `=` inside a value (vendors forget to escape URLs)
// is not a key when no separator precedes it.

export interface ExtCursor {
  s: string;
  sep: string;
  /** Start of the current key. */
  keyStart: number;
  /** Its `=`, or -1 at the end. */
  eq: number;
  key: string;
  value: string;
}

export function extCursor(): ExtCursor {
  return { s: '', sep: ' ', keyStart: 0, eq: -1, key: '', value: '' };
}

/** Points `c` at the extension `s[start…]`, pairs separated by `sep`. */
export function resetExt(c: ExtCursor, s: string, start: number, sep = ' '): void {
  c.s = s;
  c.sep = sep;
  c.keyStart = start;
  const eq = findEq(s, start);
  // An extension starting with `=` has no first key: nothing to read (as before).
  c.eq = eq > start ? eq : -1;
}

/** Moves to the next pair; false at the end. */
export function nextExt(c: ExtCursor): boolean {
  const eq = c.eq;
  if (eq < 0) return false;
  const s = c.s;
  const sep = c.sep;
  c.key = trimmed(s.slice(c.keyStart, eq));
  let next = findEq(s, eq + 1);
  let valueEnd = s.length;
  while (next > 0) {
    // The next key starts after the last separator before its `=`.
    const sp = s.lastIndexOf(sep, next);
    if (sp > eq) {
      valueEnd = sp;
      break;
    }
    next = findEq(s, next + 1);
  }
  c.value = unescape(trimmed(s.slice(eq + 1, valueEnd)));
  if (next < 0) c.eq = -1;
  else {
    c.keyStart = valueEnd + sep.length;
    c.eq = next;
  }
  return true;
}

/** `trim()` only when there is something to trim (most values have no padding). */
function trimmed(v: string): string {
  const n = v.length;
  return n > 0 && (v.charCodeAt(0) <= 32 || v.charCodeAt(n - 1) <= 32) ? v.trim() : v;
}

function findEq(s: string, from: number): number {
  let i = s.indexOf('=', from);
  while (i > 0 && s.charCodeAt(i - 1) === 92) i = s.indexOf('=', i + 1);
  return i;
}

function unescape(v: string): string {
  return v.includes('\\') ? v.replace(/\\([=|\\])/g, '$1').replace(/\\n/g, '\n').replace(/\\r/g, '\r') : v;
}
