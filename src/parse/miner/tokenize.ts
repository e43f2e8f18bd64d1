// Splitting a line's content into whitespace-separated tokens, by charCode scan (no regex on
// the hot path). The token count is bounded: whatever lies beyond the last allowed token is
// kept whole as the final token, so a huge line costs a bounded amount of work and loses nothing.

const isSpace = (c: number) => c === 32 || c === 9 || c === 10 || c === 13 || c === 11 || c === 12;

function closes(s: string, from: number, to: number): boolean {
  const q = s.indexOf('"', from);
  return q >= 0 && q < to;
}

export function tokenize(content: string, maxTokens: number): string[] {
  const out: string[] = [];
  const n = content.length;
  let i = 0;
  while (i < n) {
    while (i < n && isSpace(content.charCodeAt(i))) i++;
    if (i >= n) break;
    if (out.length === maxTokens - 1) {
      let end = n;
      while (end > i && isSpace(content.charCodeAt(end - 1))) end--;
      out.push(content.slice(i, end));
      break;
    }
    const start = i;
    let quote = -1;
    while (i < n && !isSpace(content.charCodeAt(i))) {
      // A double quote opening a value (`"View Lock"`, `tag="a b"`) keeps its spaces in one token.
      if (content.charCodeAt(i) === 34 && (i === start || content.charCodeAt(i - 1) === 61)) quote = i;
      i++;
    }
    if (quote >= 0 && !closes(content, quote + 1, i)) {
      const end = content.indexOf('"', i);
      // Only short quoted values on one line: an unmatched quote must not swallow the rest.
      if (end > 0 && end - i < 256) {
        i = end + 1;
        while (i < n && !isSpace(content.charCodeAt(i))) i++;
      }
    }
    out.push(content.slice(start, i));
  }
  return out;
}
