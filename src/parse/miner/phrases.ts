// Values that span several tokens: a written-out timestamp (`Fri Jun 17 20:55:07 2005`) is one
// time value, and a size with its unit (`21.8 KB`) one number, as a reader (and the corrected
// Loghub ground truth) takes them. Checked per token with a length test and a Set lookup first.
import type { ParamType } from '../../core/event.ts';
import { WILDCARD, type MaskedToken } from './mask.ts';

const DAYS = new Set(['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun']);
const MONTHS = new Set(['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']);
const UNITS = new Set(['B', 'KB', 'MB', 'GB', 'TB', 'KiB', 'MiB', 'GiB', 'TiB']);

const isDigit = (c: number) => c >= 48 && c <= 57;

function isClock(s: string): boolean {
  // H:MM or HH:MM:SS with an optional fraction.
  let i = 0;
  const n = s.length;
  let groups = 0;
  while (i < n) {
    const from = i;
    while (i < n && isDigit(s.charCodeAt(i))) i++;
    if (i - from < 1 || i - from > 2) return groups >= 2 && s.charCodeAt(from - 1) === 46 && i === n && i > from;
    groups++;
    if (i === n) break;
    const c = s.charCodeAt(i);
    if (c !== 58 && !(c === 46 && groups >= 2)) return false;
    i++;
  }
  return groups >= 2;
}

function isDayNumber(s: string): boolean {
  return (s.length === 1 || s.length === 2) && isDigit(s.charCodeAt(0)) && isDigit(s.charCodeAt(s.length - 1));
}

function isYear(s: string): boolean {
  return s.length === 4 && isDigit(s.charCodeAt(0)) && isDigit(s.charCodeAt(1)) && isDigit(s.charCodeAt(2)) && isDigit(s.charCodeAt(3));
}

/** Merges multi-token values in place of their tokens; returns the arrays unchanged when there are none. */
export function joinPhrases(raw: string[], masked: MaskedToken[]): { raw: string[]; masked: MaskedToken[] } {
  let outRaw: string[] | null = null;
  let outMasked: MaskedToken[] | null = null;
  for (let i = 0; i < raw.length; i++) {
    const t = raw[i] as string;
    const len = t.length;
    let span = 0;
    let type: ParamType = 'time';
    if (len === 3 && (DAYS.has(t) || MONTHS.has(t))) span = timeSpan(raw, i);
    else if (len <= 5 && UNITS.has(stripTrail(t)) && i > 0 && isNumberToken(masked[i - 1])) {
      span = -1;
      type = 'number';
    }
    if (span === 0) {
      if (outRaw !== null) {
        outRaw.push(t);
        (outMasked as MaskedToken[]).push(masked[i] as MaskedToken);
      }
      continue;
    }
    if (outRaw === null) {
      outRaw = raw.slice(0, i);
      outMasked = masked.slice(0, i);
    }
    const om = outMasked as MaskedToken[];
    if (span < 0) {
      // Size unit: fold into the number just before it.
      const prevRaw = outRaw.pop() as string;
      om.pop();
      const unit = stripTrail(t);
      outRaw.push(`${prevRaw} ${t}`);
      om.push({ text: WILDCARD + t.slice(unit.length), values: [`${prevRaw} ${unit}`], types: [type] });
      continue;
    }
    const value = raw.slice(i, i + span).join(' ');
    outRaw.push(value);
    om.push({ text: WILDCARD, values: [value], types: [type] });
    i += span - 1;
  }
  return outRaw === null ? { raw, masked } : { raw: outRaw, masked: outMasked as MaskedToken[] };
}

/** `KB,` → `KB`. */
function stripTrail(t: string): string {
  let e = t.length;
  while (e > 0) {
    const c = t.charCodeAt(e - 1);
    if (c === 44 || c === 59 || c === 41 || c === 46) e--;
    else break;
  }
  return e === t.length ? t : t.slice(0, e);
}

function isNumberToken(m: MaskedToken | undefined): boolean {
  return m !== undefined && m.text === WILDCARD && m.types !== null && m.types[0] === 'number';
}

/** Tokens in a `[Day] Mon DD HH:MM:SS [YYYY]` timestamp starting at i, or 0. */
function timeSpan(raw: readonly string[], i: number): number {
  let j = i;
  if (DAYS.has(raw[j] as string)) j++;
  if (!MONTHS.has(raw[j] ?? '')) return 0;
  j++;
  if (!isDayNumber(raw[j] ?? '')) return 0;
  j++;
  if (!isClock(raw[j] ?? '')) return 0;
  j++;
  if (isYear(raw[j] ?? '')) j++;
  return j - i;
}
