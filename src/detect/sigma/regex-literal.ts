// Literal text every match of a regular expression must contain, for the prefilter (without
// one, a `|re` rule is evaluated on every event of its log source) and for a cheap check
// before the regex engine runs (re2js costs microseconds per value). Conservative by design —
// when in doubt (case-insensitive matching, `\Q`, anything unusual) there is no literal, and
// the regex simply runs; a wrong literal would silently lose matches.
//
// A branch's literals are a set of alternatives: `Invoke-(Expression|Command)` must contain
// `Invoke-Expression` or `Invoke-Command`, `\s-[FTd]\s` one of `-F`, `-T`, `-d`. Runs grow
// through plain characters, small classes and groups of plain alternatives (as a product,
// bounded); anything optional, repeated or unknown ends the run.

/** Shortest literal worth a prefilter needle: shorter ones are found in nearly every value. */
const MIN_LITERAL = 3;
/** Shortest literal worth checking before the regex runs (a substring search is cheap). */
const MIN_PRECHECK = 2;
/** Most alternatives a literal set may have. */
const MAX_SET = 32;
/** Largest class expanded into alternatives (`[FTd]`, `[0-3]`). */
const MAX_CLASS = 8;

/** Needles (lowered) of which every match contains at least one, or undefined if none are known.
 *  A top-level alternation gives the union of its branches' sets. */
export function requiredLiterals(source: string, caseInsensitive: boolean): string[] | undefined {
  const lits = literalsOf(source, caseInsensitive, MIN_LITERAL);
  return lits && [...new Set(lits.map((l) => l.toLowerCase()))];
}

/** A test every value the regex matches passes (one of its literals, as written, is in the
 *  value), or undefined when none is known. Runs before the regex engine: most values fail it. */
export function literalPrecheck(source: string, caseInsensitive: boolean): ((s: string) => boolean) | undefined {
  const lits = literalsOf(source, caseInsensitive, MIN_PRECHECK);
  if (!lits) return undefined;
  if (lits.length === 1) {
    const only = lits[0] as string;
    return (s) => s.includes(only);
  }
  return (s) => {
    for (let i = 0; i < lits.length; i++) if (s.includes(lits[i] as string)) return true;
    return false;
  };
}

function literalsOf(source: string, caseInsensitive: boolean, min: number): string[] | undefined {
  // Unicode case folding (e.g. the Kelvin sign folds to k) goes beyond what the prefilter folds.
  // Non-ASCII: surrogate pairs and lowering are not worth the risk here.
  if (caseInsensitive || /\(\?[a-zA-Z]*i/.test(source) || source.includes('\\Q') || /[^\x00-\x7f]/.test(source)) return undefined;
  const branches = splitTopLevel(source);
  if (!branches) return undefined;
  const out: string[] = [];
  for (const b of branches) {
    const set = literalSet(b);
    if (set === undefined || set.length === 0 || set.some((l) => l.length < min)) return undefined;
    out.push(...set);
  }
  return [...new Set(out)];
}

/** Splits on `|` outside groups and classes; undefined when the brackets do not balance. */
function splitTopLevel(source: string): string[] | undefined {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') i++;
    else if (c === '[') {
      const end = classEnd(source, i);
      if (end < 0) return undefined;
      i = end;
    } else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === '|' && depth === 0) {
      out.push(source.slice(start, i));
      start = i + 1;
    }
    if (depth < 0) return undefined;
  }
  if (depth !== 0) return undefined;
  out.push(source.slice(start));
  return out;
}

/** Index of the `]` closing the class opened at `open`, or -1. */
function classEnd(source: string, open: number): number {
  let i = open + 1;
  if (source[i] === '^') i++;
  if (source[i] === ']') i++; // a leading ] is literal
  for (; i < source.length; i++) {
    if (source[i] === '\\') i++;
    else if (source[i] === ']') return i;
  }
  return -1;
}

/** Index of the `)` closing the group opened at `open`, or -1. */
function groupEnd(source: string, open: number): number {
  let depth = 0;
  for (let i = open; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') i++;
    else if (c === '[') {
      i = classEnd(source, i);
      if (i < 0) return -1;
    } else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return i;
  }
  return -1;
}

const SPECIAL = new Set(['\\', '^', '$', '.', '|', '?', '*', '+', '(', ')', '[', ']', '{', '}']);

/** Alternatives of a class without quantifier (`[FTd]`, `[a-c]`), or null when it is negated,
 *  holds escapes or is too large. `body` is the text between the brackets. */
function classAlternatives(body: string): string[] | null {
  if (body.startsWith('^') || body.includes('\\') || body.includes('[')) return null;
  const out: string[] = [];
  for (let i = 0; i < body.length; i++) {
    const c = body[i] as string;
    if (body[i + 1] === '-' && i + 2 < body.length) {
      const from = c.charCodeAt(0), to = (body[i + 2] as string).charCodeAt(0);
      if (to < from || to - from + 1 > MAX_CLASS) return null;
      for (let k = from; k <= to; k++) out.push(String.fromCharCode(k));
      i += 2;
    } else out.push(c);
    if (out.length > MAX_CLASS) return null;
  }
  return out.length ? [...new Set(out)] : null;
}

/** Alternatives of a group of plain alternatives (`(Expression|Command)`, `(?:W|R)`), or null. */
function groupAlternatives(inner: string): string[] | null {
  let body = inner;
  if (body.startsWith('?:')) body = body.slice(2);
  else if (body.startsWith('?')) return null; // flags, named groups, lookaround
  const out: string[] = [];
  for (const alt of body.split('|')) {
    let lit = '';
    for (let i = 0; i < alt.length; i++) {
      const c = alt[i] as string;
      if (c === '\\') {
        const n = alt[i + 1];
        if (n === undefined || /[A-Za-z0-9]/.test(n)) return null;
        lit += n;
        i++;
      } else if (SPECIAL.has(c)) return null;
      else lit += c;
    }
    out.push(lit);
  }
  return out.length > MAX_SET ? null : out;
}

/** Index just past the `}` of a `{n,m}` quantifier starting at `i`, or -1. */
function braceEnd(branch: string, i: number): number {
  const close = branch.indexOf('}', i);
  return close < 0 ? -1 : close + 1;
}

/** The set of literals of which every match of `branch` (no top-level `|`) contains one: the
 *  best run, i.e. the one whose shortest member is longest (then the fewest members). */
function literalSet(branch: string): string[] | undefined {
  let best: string[] = [''];
  let cur: string[] = [''];
  const shortest = (set: string[]) => Math.min(...set.map((x) => x.length));
  const flush = () => {
    const sc = shortest(cur), sb = shortest(best);
    if (sc > sb || (sc === sb && sc > 0 && cur.length < best.length)) best = cur;
    cur = [''];
  };
  const append = (alts: string[]) => {
    if (cur.length * alts.length > MAX_SET) flush();
    cur = cur.flatMap((x) => alts.map((a) => x + a));
  };
  let i = 0;
  while (i < branch.length) {
    const c = branch[i] as string;
    // One atom: its alternatives (null: unknown text) and where it ends.
    let alts: string[] | null;
    let end: number;
    if (c === '\\') {
      const n = branch[i + 1];
      if (n === undefined) return undefined;
      end = i + 2;
      if (/[A-Za-z0-9]/.test(n)) {
        alts = null; // a class, anchor or code
        if ((n === 'p' || n === 'P' || n === 'x') && branch[end] === '{') {
          end = braceEnd(branch, end);
          if (end < 0) return undefined;
        } else if (n === 'p' || n === 'P') end++;
      } else alts = [n];
    } else if (c === '[') {
      const close = classEnd(branch, i);
      if (close < 0) return undefined;
      alts = classAlternatives(branch.slice(i + 1, close));
      end = close + 1;
    } else if (c === '(') {
      const close = groupEnd(branch, i);
      if (close < 0) return undefined;
      alts = groupAlternatives(branch.slice(i + 1, close));
      end = close + 1;
    } else if (c === '.' || c === '^' || c === '$') {
      alts = null;
      end = i + 1;
    } else if (c === ')' || c === ']' || c === '}' || c === '|' || c === '*' || c === '+' || c === '?' || c === '{') return undefined;
    else {
      alts = [c];
      end = i + 1;
    }
    // Its quantifier: optional or counted atoms end the run; `+` keeps one copy, then ends it.
    const q = branch[end];
    if (q === '*' || q === '?' || q === '{') {
      flush();
      end = q === '{' ? braceEnd(branch, end) : end + 1;
      if (end < 0) return undefined;
      if (branch[end] === '?' || branch[end] === '+') end++; // lazy / possessive
    } else if (q === '+') {
      if (alts) append(alts);
      flush();
      end++;
      if (branch[end] === '?' || branch[end] === '+') end++;
    } else if (alts) append(alts);
    else flush();
    i = end;
  }
  flush();
  return best;
}
