// windash: a command-line flag written with `-` may also be written with `/` or one of the
// Unicode dashes. As in pySigma, only a dash or slash that starts a word (after a non-word
// character or the start of a text piece, before a word character) is permuted, so `x-y`
// inside a word is left alone.
import { normalise, type Piece, type SigmaString } from '../sigma-string.ts';
import { asSigmaString, ModifierError } from '../value-spec.ts';
import { perValue } from './modifier.ts';

export const WINDASH_CHARS = ['-', '/', '\u2013', '\u2014', '\u2015'] as const;
const FLAG_START = /\B[-/\u2013\u2014\u2015]\b/g;
/** 5^5 variants: more flags than this in one value is a rule mistake, not a detection. */
const MAX_FLAGS = 5;

export const windash = perValue('windash', (v) => {
  const s = asSigmaString(v, 'windash');
  // Split every text piece at flag-start dashes; `null` marks a dash slot.
  const slots: (Piece | null)[] = [];
  for (const p of s) {
    if (typeof p !== 'string') {
      slots.push(p);
      continue;
    }
    let last = 0;
    for (const m of p.matchAll(FLAG_START)) {
      slots.push(p.slice(last, m.index));
      slots.push(null);
      last = m.index + 1;
    }
    slots.push(p.slice(last));
  }
  const dashCount = slots.filter((x) => x === null).length;
  if (dashCount > MAX_FLAGS) throw new ModifierError(`'windash' on a value with ${dashCount} flags (at most ${MAX_FLAGS})`);
  let variants: Piece[][] = [[]];
  for (const slot of slots) {
    if (slot === null) variants = variants.flatMap((pre) => WINDASH_CHARS.map((c) => [...pre, c]));
    else variants = variants.map((pre) => [...pre, slot]);
  }
  return variants.map((pieces) => ({ kind: 'string' as const, pattern: normalise(pieces) as SigmaString }));
});
