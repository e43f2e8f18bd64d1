// One position of a template: a constant token (possibly with masked parts, `uid=<*>`), a
// whole-token variable (`<*>`), or a variable with fixed ends (`user=<*>`, `node-<*>`) learnt
// when two lines disagree only in the middle of a token. Pure functions over these.
import { WILDCARD } from './mask.ts';

export const EXACT = 0;
export const ANY = 1;
export const AFFIX = 2;
export type SlotKind = typeof EXACT | typeof ANY | typeof AFFIX;

export interface Slot {
  kind: SlotKind;
  /** EXACT: the masked token; AFFIX: prefix; ANY: `<*>`. */
  text: string;
  /** AFFIX only: the suffix. */
  post: string;
}

export const anySlot = (): Slot => ({ kind: ANY, text: WILDCARD, post: '' });
export const exactSlot = (text: string): Slot => ({ kind: EXACT, text, post: '' });

export function slotText(s: Slot): string {
  return s.kind === AFFIX ? s.text + WILDCARD + s.post : s.text;
}

/** Does a line's masked token fit this slot? */
export function slotMatches(s: Slot, tok: string): boolean {
  if (s.kind === EXACT) return s.text === tok;
  if (s.kind === ANY) return true;
  return tok.length >= s.text.length + s.post.length && tok.startsWith(s.text) && tok.endsWith(s.post);
}

// Where a shared prefix may end / a shared suffix may begin: at punctuation that separates a
// key or a wrapper from a value. Not `.`: `a.example.com` vs `b.example.com` is one value.
const PREFIX_END = new Set([...'=:([{"\'-/@#'].map((c) => c.charCodeAt(0)));
const SUFFIX_START = new Set([...')]}"\',;:'].map((c) => c.charCodeAt(0)));

/** The slot that covers both its old tokens and `tok`: keeps shared key/wrapper ends if any. */
export function generalise(s: Slot, tok: string): Slot {
  if (s.kind === ANY) return s;
  const a = s.text;
  const aPost = s.kind === EXACT ? s.text : s.post;
  // Prefix: longest common prefix, cut back to just after a separator.
  let lp = 0;
  const maxP = Math.min(a.length, tok.length);
  while (lp < maxP && a.charCodeAt(lp) === tok.charCodeAt(lp)) lp++;
  while (lp > 0 && !PREFIX_END.has(a.charCodeAt(lp - 1))) lp--;
  // Suffix: longest common suffix, cut forward to start at a separator.
  let ls = 0;
  const maxS = Math.min(aPost.length, tok.length);
  while (ls < maxS && aPost.charCodeAt(aPost.length - 1 - ls) === tok.charCodeAt(tok.length - 1 - ls)) ls++;
  while (ls > 0 && !SUFFIX_START.has(aPost.charCodeAt(aPost.length - ls))) ls--;
  const room = s.kind === EXACT ? Math.min(a.length, tok.length) : tok.length;
  while (lp + ls > room && ls > 0) ls--;
  while (lp + ls > room && lp > 0) lp--;
  if (s.kind === AFFIX) {
    lp = Math.min(lp, s.text.length);
    ls = Math.min(ls, s.post.length);
  }
  if (lp === 0 && ls === 0) return anySlot();
  return { kind: AFFIX, text: tok.slice(0, lp), post: tok.slice(tok.length - ls) };
}
