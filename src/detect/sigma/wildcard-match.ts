// Compiles a Sigma string into a string predicate. The common shapes (exact, prefix, suffix,
// substring) become one native string call; anything else runs a glob matcher that is linear
// in practice and never exponential (leftmost placement of each `*` segment is always safe).
import { ANY, ONE, type SigmaString } from './sigma-string.ts';

export type StringTest = (value: string) => boolean;

/** `caseless`: the pattern is lowered here and the caller passes lowered values. */
export function compileWildcard(pattern: SigmaString, caseless: boolean): StringTest {
  const pieces = caseless ? pattern.map((p) => (typeof p === 'string' ? p.toLowerCase() : p)) : pattern;
  const hasOne = pieces.includes(ONE);
  if (!hasOne) {
    const texts = pieces.filter((p): p is string => typeof p === 'string');
    const n = pieces.length;
    if (n === 0) return (v) => v === '';
    if (!pieces.includes(ANY)) {
      const t = texts[0] as string;
      return (v) => v === t;
    }
    if (n === 1) return () => true; // just `*`
    const startsAny = pieces[0] === ANY;
    const endsAny = pieces[n - 1] === ANY;
    if (texts.length === 1) {
      const t = texts[0] as string;
      if (startsAny && endsAny) return (v) => v.includes(t);
      if (endsAny) return (v) => v.startsWith(t);
      return (v) => v.endsWith(t);
    }
  }
  return globMatcher(pieces);
}

/** Splits on `*` into segments (text with `?`), anchored first/last segments, leftmost placement. */
function globMatcher(pieces: SigmaString): StringTest {
  const segments: SigmaString[] = [[]];
  for (const p of pieces) {
    if (p === ANY) segments.push([]);
    else (segments[segments.length - 1] as SigmaString).push(p);
  }
  const compiled = segments.map((s) => ({ parts: s, length: s.reduce<number>((n, p) => n + (typeof p === 'string' ? p.length : 1), 0) }));
  const first = compiled[0] as (typeof compiled)[number];
  const last = compiled[compiled.length - 1] as (typeof compiled)[number];
  const single = compiled.length === 1;
  return (v) => {
    if (single) return v.length === first.length && segmentAt(first.parts, v, 0);
    if (!segmentAt(first.parts, v, 0)) return false;
    let pos = first.length;
    const lastStart = v.length - last.length;
    if (lastStart < pos) return false;
    for (let i = 1; i < compiled.length - 1; i++) {
      const seg = compiled[i] as (typeof compiled)[number];
      const at = findSegment(seg.parts, seg.length, v, pos, lastStart);
      if (at < 0) return false;
      pos = at + seg.length;
    }
    return segmentAt(last.parts, v, lastStart);
  };
}

function segmentAt(parts: SigmaString, v: string, at: number): boolean {
  let i = at;
  for (const p of parts) {
    if (p === ONE) {
      if (i >= v.length) return false;
      i++;
    } else if (typeof p === 'string') {
      if (!v.startsWith(p, i)) return false;
      i += p.length;
    }
  }
  return i <= v.length;
}

function findSegment(parts: SigmaString, length: number, v: string, from: number, limit: number): number {
  if (length === 0) return from;
  const head = parts[0];
  for (let at = from; at + length <= limit; at++) {
    if (typeof head === 'string') {
      at = v.indexOf(head, at);
      if (at < 0 || at + length > limit) return -1;
    }
    if (segmentAt(parts, v, at)) return at;
  }
  return -1;
}
