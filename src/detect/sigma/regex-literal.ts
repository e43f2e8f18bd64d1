// Literal text every match of a regular expression must contain, for the prefilter: without
// one, a `|re` rule is evaluated on every event of its log source. Conservative by design —
// when in doubt (case-insensitive matching, `\Q`, anything unusual) there is no literal, and the
// rule is simply always evaluated; a wrong literal would silently lose matches.

/** Shortest literal worth a needle: shorter ones are found in nearly every value. */
const MIN_LITERAL = 3;

/** Needles (lowered) of which every match contains at least one, or undefined if none are known.
 *  A top-level alternation gives one needle per branch; nested groups are skipped (their text
 *  may be optional or alternated). */
export function requiredLiterals(source: string, caseInsensitive: boolean): string[] | undefined {
  // Unicode case folding (e.g. the Kelvin sign folds to k) goes beyond what the prefilter folds.
  // Non-ASCII: surrogate pairs and lowering are not worth the risk here.
  if (caseInsensitive || /\(\?[a-zA-Z]*i/.test(source) || source.includes('\\Q') || /[^\x00-\x7f]/.test(source)) return undefined;
  const branches = splitTopLevel(source);
  if (!branches) return undefined;
  const out: string[] = [];
  for (const b of branches) {
    const lit = longestRun(b);
    if (lit === undefined || lit.length < MIN_LITERAL) return undefined;
    out.push(lit.toLowerCase());
  }
  return out;
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

/** The longest run of characters that must appear consecutively in every match of `branch`
 *  (a branch without top-level `|`). */
function longestRun(branch: string): string | undefined {
  let best = '';
  let run = '';
  const flush = () => {
    if (run.length > best.length) best = run;
    run = '';
  };
  for (let i = 0; i < branch.length; i++) {
    const c = branch[i] as string;
    if (c === '*' || c === '?' || c === '{') {
      // The previous atom may be absent (or, for {n,m}, of unknown count): it is not required.
      run = run.slice(0, -1);
      flush();
      if (c === '{') {
        const end = branch.indexOf('}', i);
        if (end < 0) return undefined;
        i = end;
      }
    } else if (c === '+') flush(); // at least once: the run so far holds, what follows may not be adjacent
    else if (c === '(') {
      flush();
      const end = groupEnd(branch, i);
      if (end < 0) return undefined;
      i = end;
      // A quantifier after the group applies to the group, not to a run character.
      if (branch[i + 1] === '*' || branch[i + 1] === '?' || branch[i + 1] === '+') i++;
      else if (branch[i + 1] === '{') {
        const close = branch.indexOf('}', i + 1);
        if (close < 0) return undefined;
        i = close;
      }
    } else if (c === '[') {
      flush();
      const end = classEnd(branch, i);
      if (end < 0) return undefined;
      i = end;
      if (branch[i + 1] === '*' || branch[i + 1] === '?' || branch[i + 1] === '+') i++;
      else if (branch[i + 1] === '{') {
        const close = branch.indexOf('}', i + 1);
        if (close < 0) return undefined;
        i = close;
      }
    } else if (c === '\\') {
      const n = branch[i + 1];
      if (n === undefined) return undefined;
      i++;
      // Escaped punctuation is itself; letters and digits are classes, anchors or codes.
      if (/[A-Za-z0-9]/.test(n)) {
        flush();
        if (n === 'p' || n === 'P') {
          if (branch[i + 1] === '{') {
            const close = branch.indexOf('}', i + 1);
            if (close < 0) return undefined;
            i = close;
          } else i++;
        } else if (n === 'x' && branch[i + 1] === '{') {
          const close = branch.indexOf('}', i + 1);
          if (close < 0) return undefined;
          i = close;
        }
        // A quantifier after a class escape applies to the class.
        const q = branch[i + 1];
        if (q === '*' || q === '?' || q === '+') i++;
        else if (q === '{') {
          const close = branch.indexOf('}', i + 1);
          if (close < 0) return undefined;
          i = close;
        }
      } else run += n;
    } else if (c === '.' || c === '^' || c === '$') {
      flush();
      const q = branch[i + 1];
      if (q === '*' || q === '?' || q === '+') i++;
      else if (q === '{') {
        const close = branch.indexOf('}', i + 1);
        if (close < 0) return undefined;
        i = close;
      }
    } else if (c === ')' || c === ']' || c === '}' || c === '|') return undefined;
    else run += c;
  }
  flush();
  return best;
}
