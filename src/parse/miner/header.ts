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
// Machine names (node, component, state) in a row before an epoch-like number, at most.
const MAX_NAME_RUN = 3;
// Brackets spanning several tokens (`[Sun Dec 04 04:47:44 2005]`) are looked for this far.
const MAX_BRACKET_TOKENS = 8;

const isSpace = (c: number) => c === 32 || c === 9;
const isDigit = (c: number) => c >= 48 && c <= 57;
const isUpper = (c: number) => c >= 65 && c <= 90;
const isLower = (c: number) => c >= 97 && c <= 122;

interface HeaderScan {
  /** Header fields taken (a bracket over several tokens is one). */
  tokens: number;
  /** Offset where the content starts. */
  offset: number;
  /** The header ended with a `component:` (or syslog's `host program[pid]:`). */
  component: boolean;
}

/** Offset in `line` where the content starts (0 when no header is recognised). */
export function headerEnd(line: string): number {
  return scan(line, true, Infinity).offset;
}

/**
 * Content offsets for all lines of one file. A file has one header layout, so what is
 * ambiguous in one line is settled by the others: a `word:` ends the header only when most
 * lines have one there, and without one the header is cut at its usual token count (so
 * `CE sym 2` or `[client 1.2.3.4] …` keep their first words).
 */
export function contentOffsets(lines: readonly string[]): number[] {
  const first = lines.map((l) => scan(l, true, Infinity));
  const withComponent = first.filter((h) => h.component).length;
  if (withComponent >= lines.length * COMPONENT_SHARE) return first.map((h) => h.offset);
  const plain = lines.map((l) => scan(l, false, Infinity));
  const counts = new Map<number, number>();
  for (const h of plain) if (h.tokens > 0) counts.set(h.tokens, (counts.get(h.tokens) ?? 0) + 1);
  let usual = 0;
  let best = 0;
  for (const [n, c] of counts) {
    if (c > best || (c === best && n < usual)) {
      usual = n;
      best = c;
    }
  }
  return lines.map((l, i) => ((plain[i] as HeaderScan).tokens > usual ? scan(l, false, usual).offset : (plain[i] as HeaderScan).offset));
}

// Share of a file's lines that must end their header with `component:` for that to count.
const COMPONENT_SHARE = 0.6;

function scan(line: string, components: boolean, maxFields: number): HeaderScan {
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
  // Header fields taken: a bracket over several tokens (`[ProcessThread(sid:1 cport:-1)::…]`)
  // is one field, so that lines of one layout count alike.
  let fields = 0;
  let endsWithComponent = false;
  while (k < count - 1 && fields < maxFields) {
    const t = tok(k);
    if (t.charCodeAt(0) === 91) {
      // `[...]`, possibly over several tokens.
      let j = k;
      while (j < count - 1 && j - k < MAX_BRACKET_TOKENS && tok(j).charCodeAt(tok(j).length - 1) !== 93) j++;
      if (tok(j).charCodeAt(tok(j).length - 1) !== 93 || j >= count - 1) break;
      k = j + 1;
      fields++;
      continue;
    }
    // Before the digit rule: `org.apache.hadoop.mapreduce.v2.app.Foo:` holds a digit, yet ends the header.
    if (components && k > 0 && component(t)) {
      k++;
      fields++;
      endsWithComponent = true;
      break;
    }
    if (headerToken(t)) {
      k++;
      fields++;
      continue;
    }
    // Machine names between header fields: a run of them right before an epoch-like number
    // (`unix.hw state_change.unavailable 1077804742`, `action start 1077647123`,
    // `full partition status 1061219795`), with content after the number.
    if (k > 0 && identifier(t)) {
      let j = k + 1;
      while (j < count - 2 && j - k < MAX_NAME_RUN && identifier(tok(j))) j++;
      if (j < count - 1 && fields + j - k <= maxFields && longNumber(tok(j))) {
        fields += j - k;
        k = j;
        continue;
      }
    }
    // Syslog: after the time, a host name then `program[pid]:`.
    if (components && k >= 2 && k < count - 2 && component(tok(k + 1))) {
      k += 2;
      fields += 2;
      endsWithComponent = true;
      break;
    }
    break;
  }
  const offset = k === 0 ? 0 : k >= count ? (starts[count - 1] as number) : (starts[k] as number);
  return { tokens: fields, offset, component: endsWithComponent };
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
  // Short all-capital codes: single-letter levels (`D`, `W`), facilities (`RAS`, `KERNEL`, `CBS`);
  // and capital constants joined by `_` (`UNKNOWN_LOCATION`).
  if (lower === 0 && upper > 0 && upper <= 10 && upper === word.length) return true;
  return lower === 0 && upper > 1 && word.length <= 24 && word.includes('_') && upper + underscores(word) === word.length && word.charCodeAt(0) !== 95;
}

function underscores(t: string): number {
  let n = 0;
  for (let i = 0; i < t.length; i++) if (t.charCodeAt(i) === 95) n++;
  return n;
}

/** `unix.hw`, `state_change.unavailable`, `clusterfilesystem`: a lower-case machine name. */
function identifier(t: string): boolean {
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i);
    if (!isLower(c) && !isDigit(c) && c !== 45 && c !== 46 && c !== 95) return false;
  }
  return isLower(t.charCodeAt(0)) && t.length <= 64;
}

function longNumber(t: string): boolean {
  if (t.length < 6) return false;
  for (let i = 0; i < t.length; i++) if (!isDigit(t.charCodeAt(i))) return false;
  return true;
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
