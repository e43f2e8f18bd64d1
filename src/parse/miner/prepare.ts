// A line's content made ready for matching: token boundaries, the masked form of the tokens
// that carry data, and the signature key of the exact-match cache. The common line is done in
// one charCode scan that creates no substring for plain words: only tokens with a digit or a
// data mark (`/ . @ = \`) are cut out and masked, and a line of plain words separated by
// single spaces is its own key. Lines with a quoted value or a multi-token value (timestamps
// written out, sizes with units) take the general path (tokenize, mask, join phrases).
import { maskToken, type MaskedToken } from './mask.ts';
import { joinPhrases } from './phrases.ts';
import { tokenize } from './tokenize.ts';

const CALENDAR = new Set(['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun', 'Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']);

const isSpace = (c: number) => c === 32 || c === 9 || c === 10 || c === 13 || c === 11 || c === 12;

export class PreparedLine {
  constructor(
    readonly content: string,
    readonly count: number,
    readonly key: string,
    private readonly starts: readonly number[] | null,
    private readonly ends: readonly number[] | null,
    private readonly masked: readonly (MaskedToken | undefined)[],
    private readonly tokens: readonly string[] | null,
  ) {}

  /** Token i as it appears in the line. */
  raw(i: number): string {
    if (this.tokens !== null) return this.tokens[i] as string;
    return this.content.slice((this.starts as number[])[i], (this.ends as number[])[i]);
  }

  /** Token i masked (`uid=<*>`); a plain word is itself. */
  text(i: number): string {
    return this.masked[i]?.text ?? this.raw(i);
  }

  /** The masking of token i, or undefined for a plain word. */
  mask(i: number): MaskedToken | undefined {
    return this.masked[i];
  }
}

export function prepareLine(content: string, maxTokens: number, maxTokenChars: number): PreparedLine {
  const n = content.length;
  const starts: number[] = [];
  const ends: number[] = [];
  const masked: (MaskedToken | undefined)[] = [];
  // The key is the content itself while every token is plain and separators are single spaces.
  let selfKey = true;
  let i = 0;
  while (i < n) {
    const c0 = content.charCodeAt(i);
    if (isSpace(c0)) {
      const from = i;
      while (i < n && isSpace(content.charCodeAt(i))) i++;
      if (c0 !== 32 || i - from !== 1 || from === 0 || i >= n) selfKey = false;
      continue;
    }
    if (starts.length === maxTokens - 1) return general(content, maxTokens, maxTokenChars);
    const start = i;
    let data = false;
    for (; i < n; i++) {
      const c = content.charCodeAt(i);
      if (c < 65) {
        if (c <= 32 && isSpace(c)) break;
        if ((c >= 46 && c <= 57) || c === 64 || c === 61) data = true; // . / 0-9 @ =
        else if (c === 34 && (i === start || content.charCodeAt(i - 1) === 61)) return general(content, maxTokens, maxTokenChars);
      } else if (c === 92) data = true;
    }
    const len = i - start;
    const first = content.charCodeAt(start);
    if (first >= 65 && first <= 90 && len <= 5 && phraseStart(content, start, i)) return general(content, maxTokens, maxTokenChars);
    const last = content.charCodeAt(i - 1);
    // `true`/`false`/`null` (possibly wrapped) are values; they end in `e` or `l` before any closer.
    const literal = len >= 4 && len <= 9 && (last === 101 || last === 108 || !isWordCode(last));
    starts.push(start);
    ends.push(i);
    if (data || literal || len > maxTokenChars) {
      const tok = content.slice(start, i);
      const m = maskToken(tok, maxTokenChars);
      if (m.values !== null || m.text !== tok) {
        masked[starts.length - 1] = m;
        selfKey = false;
      }
    }
  }
  const count = starts.length;
  masked.length = count;
  let key = content;
  if (!selfKey) {
    key = '';
    for (let k = 0; k < count; k++) {
      const text = masked[k]?.text ?? content.slice(starts[k], ends[k]);
      key = k === 0 ? text : key + ' ' + text;
    }
  }
  return new PreparedLine(content, count, key, starts, ends, masked, null);
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
  let key = '';
  for (let i = 0; i < masked.length; i++) key = i === 0 ? (masked[i] as MaskedToken).text : key + ' ' + (masked[i] as MaskedToken).text;
  return new PreparedLine(content, raw.length, key, null, null, masked, raw);
}
