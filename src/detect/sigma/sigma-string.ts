// Sigma string values: plain text with `*` and `?` wildcards and backslash escaping, exactly as
// the specification's "Escaping" section defines it. Kept as pieces (text / wildcard) so encoding
// modifiers can transform the text parts without touching the wildcards.

export const ANY = 0 as const; // `*`: any run of characters, possibly empty
export const ONE = 1 as const; // `?`: exactly one character
export type Wildcard = typeof ANY | typeof ONE;
export type Piece = string | Wildcard;

/** A parsed Sigma string: adjacent text pieces are always merged, empty text never stored. */
export type SigmaString = Piece[];

/**
 * Parses a rule value. `\*`, `\?` and `\\` are the escapes; any other backslash is literal
 * (so `C:\Windows` needs no doubling, and three or four backslashes both mean two).
 */
export function parseSigmaString(raw: string): SigmaString {
  const out: SigmaString = [];
  let text = '';
  const flush = () => {
    if (text) out.push(text);
    text = '';
  };
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i] as string;
    if (c === '\\') {
      const next = raw[i + 1];
      if (next === '*' || next === '?' || next === '\\') {
        text += next;
        i++;
      } else {
        text += c;
      }
    } else if (c === '*') {
      flush();
      out.push(ANY);
    } else if (c === '?') {
      flush();
      out.push(ONE);
    } else {
      text += c;
    }
  }
  flush();
  return out;
}

/** A string taken literally (for values produced by encoders, placeholders lists, fieldref values). */
export function literal(text: string): SigmaString {
  return text ? [text] : [];
}

export function hasWildcards(s: SigmaString): boolean {
  return s.some((p) => typeof p !== 'string');
}

/** Plain text of a wildcard-free string. */
export function plainText(s: SigmaString): string {
  return s.map((p) => (typeof p === 'string' ? p : '')).join('');
}

/** Re-merges adjacent text pieces after a transformation. */
export function normalise(pieces: readonly Piece[]): SigmaString {
  const out: SigmaString = [];
  for (const p of pieces) {
    const last = out[out.length - 1];
    if (typeof p === 'string') {
      if (!p) continue;
      if (typeof last === 'string') out[out.length - 1] = last + p;
      else out.push(p);
    } else if (!(p === ANY && last === ANY)) {
      out.push(p);
    }
  }
  return out;
}

/** Maps every text piece through `fn`, keeping wildcards. */
export function mapText(s: SigmaString, fn: (text: string) => string): SigmaString {
  return normalise(s.map((p) => (typeof p === 'string' ? fn(p) : p)));
}

/** Human-readable form for error messages and `rules check` output. */
export function showSigmaString(s: SigmaString): string {
  return s.map((p) => (p === ANY ? '*' : p === ONE ? '?' : p.replace(/([*?\\])/g, '\\$1'))).join('');
}
