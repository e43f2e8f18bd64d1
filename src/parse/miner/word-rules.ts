// When do two tokens at one place of a template mean two templates, and when is a slot's word
// a variable? These rules replace Drain's blind similarity threshold: plain words that differ
// are different messages (`Failed`/`Accepted`), masked data or the values of one key are not,
// and a word slot turns into a variable only once enough distinct words were seen there
// (fewer after `user`, or for dotted identifiers).
import { WILDCARD } from './mask.ts';

const USER_KEYS = new Set(['user', 'ruser', 'username', 'logname', 'login', 'account', 'uname']);
const USER_WORDS = new Set(['user', 'users', 'username', 'username:', 'user:', 'account', 'login']);

/** Distinct words needed at a slot before it is a variable: 2 for account names and dotted ids. */
export function wordsNeeded(previousWord: string | undefined, word: string, wordVariants: number): number {
  if (previousWord !== undefined && USER_WORDS.has(previousWord.toLowerCase())) return 2;
  return userKey(word) || dottedName(word) ? 2 : wordVariants;
}

/**
 * Two different plain words at one place mark two templates (`Failed`/`Accepted`); masked data,
 * or the values of one key (`user=root`/`user=guest`, `node-a`/`node-b`), do not.
 */
export function wordConflict(a: string, b: string): boolean {
  let i = 0;
  const n = Math.min(a.length, b.length);
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  // `()` against `(x)`: an empty value in the same wrapper.
  if (i > 0 && (i === a.length - 1 || i === b.length - 1) && a.charCodeAt(a.length - 1) === b.charCodeAt(b.length - 1) && !isLetterOrDigit(a.charCodeAt(i - 1))) {
    return false;
  }
  for (let k = i; k > 0; k--) {
    const c = a.charCodeAt(k - 1);
    // `key=a`/`key=b`, `key:a`/`key:b`; `name-1`/`name-x` only when a side is numbered there.
    if (c === 61 || c === 58) {
      if (k === a.length || k === b.length) return true;
      // Values of one key are one template's variable, unless a word meets masked data
      // (`tty=NODEVssh` / `tty=:<*>`): a different kind of value, a different template.
      return a.includes(WILDCARD) !== b.includes(WILDCARD);
    }
    if (c === 45 && (isDigitAt(a, k) || isDigitAt(b, k))) return false;
  }
  const am = a.includes(WILDCARD);
  const bm = b.includes(WILDCARD);
  if (!am && !bm) {
    // Numbered names of one family (`bglio716` / `bglio91`, `J14` / `J05`) are values;
    // names of different families (`alt0` / `ee0`) or plain words are not.
    return !(hasDigit(a) && hasDigit(b) && sameLetters(a, a.length, b, b.length));
  }
  // A whole-token value on one side: the other side's word is another value there.
  if (a === WILDCARD) return !hasLetterOrDigit(b);
  if (b === WILDCARD) return !hasLetterOrDigit(a);
  // Masked data: one side must fit the other's shape (`chdir(<*>)` holds `chdir(pwd)`,
  // `<*>` holds `<*>:<*>`), else the words around differ (`(uid=<*>)` / `LOGIN(uid=<*>)`).
  if ((am && globMatches(a, b)) || (bm && globMatches(b, a))) return false;
  return !(am && bm && sameLetters(a, leadEnd(a), b, leadEnd(b)));
}

/**
 * Do `a === b` and `wordConflict(a, b)` come out the same for every `b'` that is `b` with other
 * digits (digits where `b` has them, other chars the same)? A sufficient test, for the template
 * search's shortcut on lines that differ only in kept digits (see miner.ts `noteVariantSearch`):
 * every comparison `wordConflict` makes must be settled by `b`'s other chars or by where its
 * digits lie, never by a digit of `b` against a digit of `a`.
 */
export function digitBlind(a: string, b: string): boolean {
  if (a.length === b.length && !settledMismatch(a, b, 0, a.length)) return false;
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) {
    if (isDigitAt(b, i)) return false;
    i++;
  }
  if (i < n && isDigitAt(a, i) && isDigitAt(b, i)) return false;
  if ((i === a.length - 1 || i === b.length - 1) && isDigitAt(a, a.length - 1) && isDigitAt(b, b.length - 1)) return false;
  // The glob tests below run only when a side holds `<*>` (and `b` always holds a digit).
  return (!a.includes(WILDCARD) || globSettled(a, b)) && (!b.includes(WILDCARD) || globSettled(b, a));
}

/** Is `globMatches(pattern, text)` false whatever digits `b` (either side) holds? */
function globSettled(pattern: string, text: string): boolean {
  const firstEnd = pattern.indexOf(WILDCARD);
  const lastAt = pattern.lastIndexOf(WILDCARD);
  const firstLen = firstEnd < 0 ? pattern.length : firstEnd;
  const lastStart = lastAt < 0 ? 0 : lastAt + WILDCARD.length;
  const lastLen = pattern.length - lastStart;
  if (text.length < firstLen + lastLen) return true;
  if (settledMismatch(pattern, text, 0, firstLen)) return true;
  // The last part against the end of the text.
  for (let j = 0; j < lastLen; j++) {
    const x = pattern.charCodeAt(lastStart + j);
    const y = text.charCodeAt(text.length - lastLen + j);
    if (x !== y && !(isDigitCode(x) && isDigitCode(y))) return true;
  }
  return false;
}

/** Do `x` and `y` differ in [from, to) at a place where they are not both digits? */
function settledMismatch(x: string, y: string, from: number, to: number): boolean {
  for (let j = from; j < to; j++) {
    const c = x.charCodeAt(j);
    const d = y.charCodeAt(j);
    if (c !== d && !(isDigitCode(c) && isDigitCode(d))) return true;
  }
  return false;
}

function isDigitCode(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** Length of the text before the first masked part. */
function leadEnd(s: string): number {
  const i = s.indexOf(WILDCARD);
  return i < 0 ? s.length : i;
}

/**
 * Does `text` fit `pattern`, each `<*>` standing for any run of characters? The pattern's parts
 * (what `split('<*>')` would give) are walked by index: the template search calls this often.
 */
function globMatches(pattern: string, text: string): boolean {
  const W = WILDCARD.length;
  const firstEnd = pattern.indexOf(WILDCARD);
  const lastAt = pattern.lastIndexOf(WILDCARD);
  // With no `<*>` the one part is both the first and the last.
  const firstLen = firstEnd < 0 ? pattern.length : firstEnd;
  const lastStart = lastAt < 0 ? 0 : lastAt + W;
  const lastLen = pattern.length - lastStart;
  if (text.length < firstLen + lastLen) return false;
  if (!text.startsWith(pattern.slice(0, firstLen)) || !text.endsWith(pattern.slice(lastStart))) return false;
  let at = firstLen;
  const stop = text.length - lastLen;
  for (let from = firstEnd + W; firstEnd >= 0 && from < lastStart; ) {
    const next = pattern.indexOf(WILDCARD, from);
    const p = pattern.slice(from, next);
    const j = text.indexOf(p, at);
    if (j < 0 || j + p.length > stop) return false;
    at = j + p.length;
    from = next + W;
  }
  return true;
}

function hasDigit(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (isDigitAt(s, i)) return true;
  return false;
}

/** `user=alice`, `ruser=bob`: a key naming an account. */
function userKey(s: string): boolean {
  const eq = s.indexOf('=');
  return eq > 0 && USER_KEYS.has(s.slice(0, eq).toLowerCase());
}

/** `a.b.c`-style identifier: letters on both sides of an inner dot. */
function dottedName(s: string): boolean {
  for (let i = 1; i < s.length - 1; i++) {
    if (s.charCodeAt(i) === 46 && isLetterOrDigit(s.charCodeAt(i - 1)) && isLetter(s.charCodeAt(i + 1))) return true;
  }
  return false;
}

function isLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

function hasLetterOrDigit(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (isLetterOrDigit(s.charCodeAt(i))) return true;
  return false;
}

function isDigitAt(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  return c >= 48 && c <= 57;
}

function isLetterOrDigit(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/**
 * Do `a` (up to `aEnd`) and `b` (up to `bEnd`) hold the same letters in the same order? Compared
 * in place: the template search asks this of many candidates, so no string of letters is built.
 * (`<*>` holds no letter, so masked parts drop out by themselves.)
 */
function sameLetters(a: string, aEnd: number, b: string, bEnd: number): boolean {
  let i = 0;
  let j = 0;
  for (;;) {
    while (i < aEnd && !isLetter(a.charCodeAt(i))) i++;
    while (j < bEnd && !isLetter(b.charCodeAt(j))) j++;
    if (i === aEnd || j === bEnd) return i === aEnd && j === bEnd;
    if (a.charCodeAt(i) !== b.charCodeAt(j)) return false;
    i++;
    j++;
  }
}
