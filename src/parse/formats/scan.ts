// Small hand-written scanners shared by the format parsers. The hot path avoids regexes
// (and their per-call allocations): these work on char codes and indexOf only.

export const SPACE = 32;
export const COLON = 58;
export const LBRACKET = 91;
export const RBRACKET = 93;
export const QUOTE = 34;

export function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** Parses the decimal digits in `s[start, end)`; NaN when any other character is there. */
export function digitsAt(s: string, start: number, end: number): number {
  if (end <= start) return NaN;
  let n = 0;
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return NaN;
    n = n * 10 + c;
  }
  return n;
}

/** A whole string of decimal digits as a number, or undefined (so a field is not set to NaN). */
export function toInt(s: string | undefined): number | undefined {
  if (s === undefined || s.length === 0 || s.length > 15) return undefined;
  const n = digitsAt(s, 0, s.length);
  return Number.isNaN(n) ? undefined : n;
}

/** Index of the next space at or after `from`, or the string's length. */
export function tokenEnd(s: string, from: number): number {
  const i = s.indexOf(' ', from);
  return i < 0 ? s.length : i;
}

/** Skips spaces from `i`. */
export function skipSpaces(s: string, i: number): number {
  while (s.charCodeAt(i) === SPACE) i++;
  return i;
}

/** The space-delimited token that follows the first `marker` in `s` (searching from `from`). */
export function tokenAfter(s: string, marker: string, from = 0): string | undefined {
  const i = s.indexOf(marker, from);
  if (i < 0) return undefined;
  const start = i + marker.length;
  const end = tokenEnd(s, start);
  return end > start ? s.slice(start, end) : undefined;
}

/** Cheap shape check: dotted IPv4, or IPv6 (hex groups of at most 4 digits, with `::` or all 8
 *  groups; an IPv4 tail is allowed). `10:13:05` is a time, not an address. */
export function isIp(s: string): boolean {
  const n = s.length;
  if (n < 2 || n > 45) return false;
  let dots = 0;
  let colons = 0;
  let group = 0;
  let hexLetters = false;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c === 46) {
      dots++;
      group = 0;
    } else if (c === COLON) {
      colons++;
      group = 0;
    } else if (isDigit(c) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70)) {
      if (!isDigit(c)) hexLetters = true;
      if (++group > 4) return false;
    } else return false;
  }
  if (colons === 0) return !hexLetters && dots === 3 && n >= 7 && n <= 15;
  if (dots !== 0 && dots !== 3) return false;
  return colons >= 2 && (colons >= 7 || s.includes('::') || (dots === 3 && colons >= 6));
}

/** Strips one trailing character from a token if present (e.g. a `:` or `,`). */
export function trimEnd(s: string, ch: string): string {
  return s.endsWith(ch) ? s.slice(0, -1) : s;
}
