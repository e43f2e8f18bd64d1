// A line's content made ready for matching: token boundaries, the masked form of the tokens
// that carry data, and the signature key of the exact-match cache. The common line is done in
// one charCode scan that creates no substring for plain words: only tokens with a digit or a
// data mark (`/ . @ = \`) are cut out and masked, and a line of plain words is its own key.
// Lines with a quoted value or a multi-token value (timestamps written out, sizes with units)
// take the general path (tokenize, mask, join phrases).
import type { ParamType } from '../../core/event.ts';
import { maskToken, WILDCARD, type MaskedToken } from './mask.ts';
import { joinPhrases } from './phrases.ts';
import { tokenize } from './tokenize.ts';

const CALENDAR = new Set(['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun', 'Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']);

const GENERAL_MARK = '\u0001';

const isSpace = (c: number) => c === 32 || c === 9 || c === 10 || c === 13 || c === 11 || c === 12;

/** A masked token replayed from a stored plan: its values are cut from the line on demand. */
export interface ReplayedToken {
  text: string;
  values: null;
  types: ParamType[];
  /** [from, to) offsets of each value in the line. */
  offsets: number[];
}

export class PreparedLine {
  constructor(
    readonly content: string,
    readonly count: number,
    readonly key: string,
    private readonly starts: readonly number[] | null,
    private readonly ends: readonly number[] | null,
    private readonly masked: readonly (MaskedToken | ReplayedToken | undefined)[],
    private readonly tokens: readonly string[] | null,
  ) {}

  /** Token boundaries in the content, or null when tokens were rebuilt (quoted values, phrases). */
  bounds(): { starts: readonly number[]; ends: readonly number[] } | null {
    return this.starts === null || this.ends === null ? null : { starts: this.starts, ends: this.ends };
  }

  /** Token i as it appears in the line. */
  raw(i: number): string {
    if (this.tokens !== null) return this.tokens[i] as string;
    return this.content.slice((this.starts as number[])[i], (this.ends as number[])[i]);
  }

  /** Token i masked (`uid=<*>`); a plain word is itself. */
  text(i: number): string {
    return this.masked[i]?.text ?? this.raw(i);
  }

  /** Is token i's masked text `s`? Compared in place: no substring is cut for a plain word. */
  textIs(i: number, s: string): boolean {
    const m = this.masked[i];
    if (m !== undefined) return m.text === s;
    if (this.tokens !== null) return this.tokens[i] === s;
    const start = (this.starts as number[])[i] as number;
    return (this.ends as number[])[i] as number - start === s.length && this.content.startsWith(s, start);
  }

  /** The masking of token i as computed here (undefined for a plain word or a replayed token). */
  mask(i: number): MaskedToken | undefined {
    const m = this.masked[i];
    return m === undefined || m.values === null ? undefined : m;
  }

  /** Masked text of token i, or undefined for a plain word. */
  maskedText(i: number): string | undefined {
    return this.masked[i]?.text;
  }

  /** Number of values masked in token i. */
  valueCount(i: number): number {
    return this.masked[i]?.types?.length ?? 0;
  }

  /** [from, to) offsets in the line of token i's values, when it was replayed from a plan. */
  offsets(i: number): readonly number[] | null {
    const m = this.masked[i];
    return m !== undefined && 'offsets' in m ? m.offsets : null;
  }

  value(i: number, k: number): string {
    const m = this.masked[i] as MaskedToken | ReplayedToken;
    if ('offsets' in m) return this.content.slice(m.offsets[2 * k], m.offsets[2 * k + 1]);
    return (m.values as string[])[k] as string;
  }

  type(i: number, k: number): ParamType {
    return (this.masked[i]?.types as ParamType[])[k] as ParamType;
  }
}

export function prepareLine(content: string, maxTokens: number, maxTokenChars: number): PreparedLine {
  const n = content.length;
  const starts: number[] = [];
  const ends: number[] = [];
  const masked: (MaskedToken | undefined)[] = [];
  // The cache key: the content with each masked token's text in its place (separators kept
  // as they are, so most of the key is copied in a few slices rather than joined token by token).
  let key = '';
  let copied = 0;
  let i = 0;
  while (i < n) {
    if (isSpace(content.charCodeAt(i))) {
      i++;
      continue;
    }
    if (starts.length === maxTokens - 1) return general(content, maxTokens, maxTokenChars);
    const start = i;
    let data = false;
    let digits = 0;
    for (; i < n; i++) {
      const c = content.charCodeAt(i);
      if (c < 65) {
        if (c <= 32 && isSpace(c)) break;
        if (c >= 48 && c <= 57) {
          digits++;
          data = true;
        } else if (c === 46 || c === 47 || c === 64 || c === 61) data = true; // . / @ =
        else if (c === 34 && (i === start || content.charCodeAt(i - 1) === 61)) return general(content, maxTokens, maxTokenChars);
      } else if (c === 92) data = true;
    }
    const len = i - start;
    const first = content.charCodeAt(start);
    if (first >= 65 && first <= 90 && len <= 5 && phraseStart(content, start, i)) return general(content, maxTokens, maxTokenChars);
    // `true`/`false`/`null` (possibly wrapped: `setOn(true)`) are values: worth a look when
    // the token ends in `e` or `l` before any closing punctuation.
    let e = i;
    while (e > start + 4 && !isWordCode(content.charCodeAt(e - 1))) e--;
    const last = content.charCodeAt(e - 1);
    const literal = len >= 4 && (last === 101 || last === 108);
    const index = starts.push(start) - 1;
    ends.push(i);
    if (!data && !literal && len <= maxTokenChars) continue;
    const tok = content.slice(start, i);
    // The most common data token, a plain number, skips the general classification.
    const m = digits === len && len <= maxTokenChars ? numberToken(tok) : maskToken(tok, maxTokenChars);
    if (m.values === null && m.text === tok) continue;
    masked[index] = m;
    key += content.slice(copied, start) + m.text;
    copied = i;
  }
  const count = starts.length;
  key = copied === 0 ? content : key + content.slice(copied);
  return new PreparedLine(content, count, key, starts, ends, masked, null);
}

const NUMBER_TYPES: ParamType[] = ['number'];

function numberToken(tok: string): MaskedToken {
  return { text: WILDCARD, values: [tok], types: NUMBER_TYPES };
}

/** Could this token start a written-out time (`Jun 14 15:16:01`) or be a size unit (`KB`)? */
function phraseStart(s: string, from: number, to: number): boolean {
  const len = to - from;
  if (len === 3 && CALENDAR.has(s.slice(from, to))) return true;
  let e = to;
  while (e > from && !isWordCode(s.charCodeAt(e - 1))) e--;
  return e - from <= 3 && e > from && s.charCodeAt(e - 1) === 66; // B, KB, MiB…
}

function isWordCode(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

function general(content: string, maxTokens: number, maxTokenChars: number): PreparedLine {
  const tokens = tokenize(content, maxTokens);
  const maskedTokens: MaskedToken[] = new Array(tokens.length);
  for (let i = 0; i < tokens.length; i++) maskedTokens[i] = maskToken(tokens[i] as string, maxTokenChars);
  const { raw, masked } = joinPhrases(tokens, maskedTokens);
  // Marked so that a key from this path never equals one from the fast path.
  let key = GENERAL_MARK;
  for (let i = 0; i < masked.length; i++) key += (i === 0 ? '' : ' ') + (masked[i] as MaskedToken).text;
  const at = locate(content, raw);
  if (at !== null && at.spaced) respace(content, at, raw, masked);
  return new PreparedLine(content, raw.length, key, at?.starts ?? null, at?.ends ?? null, masked, raw);
}

/**
 * A phrase joined across a run of blanks (`Fri Jul  1 07:57:30 2005`, the day padded) is taken
 * as the line writes it, so that its value can be cut from the line by offsets like any other.
 * Its value is the phrase but for trailing punctuation (`21.8 KB,`), which has no blank.
 */
function respace(content: string, at: Located, raw: string[], masked: MaskedToken[]): void {
  for (let k = 0; k < raw.length; k++) {
    const t = raw[k] as string;
    const slice = content.slice(at.starts[k], at.ends[k]);
    if (slice === t) continue;
    raw[k] = slice;
    const m = masked[k] as MaskedToken;
    const v = m.values?.[0];
    if (m.values === null || m.values.length !== 1 || v === undefined || !t.startsWith(v)) continue;
    masked[k] = { text: m.text, values: [slice.slice(0, slice.length - (t.length - v.length))], types: m.types };
  }
}

interface Located {
  starts: number[];
  ends: number[];
  /** A token was found across a run of blanks where it holds one space (a joined phrase). */
  spaced: boolean;
}

/**
 * Where the rebuilt tokens lie in the line, when each is found right where the scan expects it
 * (a space inside a joined phrase may stand for a run of blanks): then the line's masking can
 * be replayed by offsets for later lines of its shape, like a line of the fast path.
 */
function locate(content: string, tokens: readonly string[]): Located | null {
  const starts: number[] = new Array(tokens.length);
  const ends: number[] = new Array(tokens.length);
  let spaced = false;
  let i = 0;
  for (let k = 0; k < tokens.length; k++) {
    while (i < content.length && isSpace(content.charCodeAt(i))) i++;
    const t = tokens[k] as string;
    starts[k] = i;
    if (content.startsWith(t, i)) i += t.length;
    else {
      // Char by char, a space of the token taking every blank of the line there.
      for (let j = 0; j < t.length; j++) {
        const c = t.charCodeAt(j);
        if (c === 32 && isSpace(content.charCodeAt(i))) {
          while (isSpace(content.charCodeAt(i + 1))) i++;
          spaced = true;
        } else if (content.charCodeAt(i) !== c) return null;
        i++;
      }
    }
    ends[k] = i;
  }
  return { starts, ends, spaced };
}
