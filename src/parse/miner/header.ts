// Finding where a line's header ends when no format is given: leading timestamps, levels, pids,
// host and node ids, bracketed thread/time fields and a `component:` are header; the rest is the
// message to mine. Deliberately cautious: a header token left in the content is mostly masked
// data or a constant word and costs little, while content eaten as header loses information.
// So it stops at the first token it is not sure about and always leaves one token of content.

const LEVELS = new Set([
  'trace', 'debug', 'info', 'notice', 'warn', 'warning', 'error', 'err', 'fatal', 'crit', 'critical',
  'alert', 'emerg', 'severe', 'fine', 'finer', 'finest', 'verbose', 'config',
]);
const CALENDAR = new Set([
  'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun',
  'Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec',
]);
// Brackets spanning several tokens (`[Sun Dec 04 04:47:44 2005]`) are looked for this far.
const MAX_BRACKET_TOKENS = 8;

const isSpace = (c: number) => c === 32 || c === 9;
const isDigit = (c: number) => c >= 48 && c <= 57;
const isUpper = (c: number) => c >= 65 && c <= 90;
const isLower = (c: number) => c >= 97 && c <= 122;

/** Offset in `line` where the content starts (0 when no header is recognised). */
export function headerEnd(line: string): number {
  const starts: number[] = [];
  const ends: number[] = [];
  const n = line.length;
  for (let i = 0; i < n && starts.length < 24; ) {
    while (i < n && isSpace(line.charCodeAt(i))) i++;
    if (i >= n) break;
    starts.push(i);
    while (i < n && !isSpace(line.charCodeAt(i))) i++;
    ends.push(i);
  }
  const count = starts.length;
  const tok = (k: number) => line.slice(starts[k] as number, ends[k] as number);
  let k = 0;
  while (k < count - 1) {
    const t = tok(k);
    if (t.charCodeAt(0) === 91) {
      // `[...]`, possibly over several tokens.
      let j = k;
      while (j < count - 1 && j - k < MAX_BRACKET_TOKENS && tok(j).charCodeAt(tok(j).length - 1) !== 93) j++;
      if (tok(j).charCodeAt(tok(j).length - 1) !== 93 || j >= count - 1) break;
      k = j + 1;
      continue;
    }
    if (headerToken(t)) {
      k++;
      continue;
    }
    if (k > 0 && component(t)) {
      k++;
      break;
    }
    // Syslog: after the time, a host name then `program[pid]:`.
    if (k >= 2 && k < count - 2 && component(tok(k + 1))) {
      k += 2;
      break;
    }
    break;
  }
  return k === 0 ? 0 : k >= count ? (starts[count - 1] as number) : (starts[k] as number);
}

function headerToken(t: string): boolean {
  if (t === '-' || t === '--' || t === '|') return true;
  let digits = 0;
  let lower = 0;
  let upper = 0;
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i);
    if (isDigit(c)) digits++;
    else if (isLower(c)) lower++;
    else if (isUpper(c)) upper++;
  }
  if (digits > 0) return true; // times, dates, pids, node ids
  const word = t.endsWith(',') ? t.slice(0, -1) : t;
  if (LEVELS.has(word.toLowerCase()) || CALENDAR.has(word)) return true;
  // Short all-capital codes: single-letter levels (`D`, `W`), facilities (`RAS`, `KERNEL`, `CBS`).
  return lower === 0 && upper > 0 && upper <= 10 && upper === word.length;
}

/** `sshd[123]:`, `dfs.DataNode$PacketResponder:`, `WindowManager:`. */
function component(t: string): boolean {
  if (t.length < 2 || t.charCodeAt(t.length - 1) !== 58) return false;
  let letters = 0;
  for (let i = 0; i < t.length - 1; i++) {
    const c = t.charCodeAt(i);
    if (isUpper(c) || isLower(c)) letters++;
    else if (c === 58 || c === 61 || c === 34 || c === 44) return false;
  }
  return letters > 0;
}
