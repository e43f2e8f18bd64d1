// Timestamp scanners for the formats we parse. Hand-written because they run once per line:
// each reads fixed positions, and the RFC 3164 one caches the last prefix it converted
// (consecutive lines of one source mostly share the second they were written in).
import { digitsAt, isDigit } from './scan.ts';

/** Month index (0-11) of a 3-letter English month name at `s[i]`, or -1. Char-code switch: this
 *  runs on every syslog line, so no substring is allocated. */
export function monthAt(s: string, i: number): number {
  const a = s.charCodeAt(i);
  const b = s.charCodeAt(i + 1);
  const c = s.charCodeAt(i + 2);
  switch (a) {
    case 74: // J
      if (b === 97 && c === 110) return 0; // Jan
      if (b === 117) return c === 110 ? 5 : c === 108 ? 6 : -1; // Jun, Jul
      return -1;
    case 70: return b === 101 && c === 98 ? 1 : -1; // Feb
    case 77: return b === 97 ? (c === 114 ? 2 : c === 121 ? 4 : -1) : -1; // Mar, May
    case 65: return b === 112 && c === 114 ? 3 : b === 117 && c === 103 ? 7 : -1; // Apr, Aug
    case 83: return b === 101 && c === 112 ? 8 : -1; // Sep
    case 79: return b === 99 && c === 116 ? 9 : -1; // Oct
    case 78: return b === 111 && c === 118 ? 10 : -1; // Nov
    case 68: return b === 101 && c === 99 ? 11 : -1; // Dec
    default: return -1;
  }
}

/** True when `s[i..]` looks like `Mmm dd hh:mm:ss` (RFC 3164), checked by character classes. */
export function isRfc3164At(s: string, i: number): boolean {
  return (
    s.length >= i + 15 &&
    s.charCodeAt(i + 3) === 32 &&
    s.charCodeAt(i + 6) === 32 &&
    s.charCodeAt(i + 9) === 58 &&
    s.charCodeAt(i + 12) === 58 &&
    isDigit(s.charCodeAt(i + 5)) &&
    monthAt(s, i) >= 0
  );
}

let lastNowDay = NaN;
let nowYear = 0;
let nowMonth = 0;
let lastDay = '';
let lastDayMs = NaN;

/** Epoch ms of `Mmm dd hh:mm:ss` at `s[i]` (UTC, no zone in the format). The year is the one of
 *  `now`, or the one before when the date would be more than a month in the future (a December
 *  line read in January). NaN when a part is out of range. */
export function rfc3164At(s: string, i: number, now: number): number {
  // The reference year and month only change with the day of `now` (callers may pass the
  // ingest time of each line).
  const nowDay = Math.floor(now / 86_400_000);
  if (nowDay !== lastNowDay) {
    const d = new Date(now);
    nowYear = d.getUTCFullYear();
    nowMonth = d.getUTCMonth();
    lastNowDay = nowDay;
    lastDay = '';
  }
  // Consecutive lines share their day: the day's start is cached, the time of day is arithmetic.
  if (lastDay.length !== 6 || !s.startsWith(lastDay, i)) {
    const month = monthAt(s, i);
    const c4 = s.charCodeAt(i + 4);
    const day = (c4 === 32 ? 0 : c4 - 48) * 10 + (s.charCodeAt(i + 5) - 48);
    lastDay = s.slice(i, i + 6);
    lastDayMs = month >= 0 && day >= 1 && day <= 31 ? Date.UTC(month > nowMonth + 1 ? nowYear - 1 : nowYear, month, day) : NaN;
  }
  const hh = (s.charCodeAt(i + 7) - 48) * 10 + (s.charCodeAt(i + 8) - 48);
  const mm = (s.charCodeAt(i + 10) - 48) * 10 + (s.charCodeAt(i + 11) - 48);
  const ss = (s.charCodeAt(i + 13) - 48) * 10 + (s.charCodeAt(i + 14) - 48);
  if (!(hh >= 0 && hh <= 23 && mm >= 0 && mm <= 59 && ss >= 0 && ss <= 60)) return NaN;
  return lastDayMs + hh * 3600000 + mm * 60000 + ss * 1000;
}

/** Where the last variable-width timestamp scan stopped (avoids allocating a result object per line). */
export const scanned = { end: 0 };

// The day of the last ISO timestamp converted: lines of one source mostly share their date, and
// Date.UTC was a visible share of the key=value and JSON parsers' time (profiled).
let lastIsoDay = '';
let lastIsoDayMs = NaN;

/** `YYYY-MM-DD[T ]hh:mm:ss[.frac][Z|±hh:mm|±hhmm]` at `s[i]`; sets `scanned.end`. NaN if not one.
 *  Without a zone the time is taken as UTC. Also accepts `YYYY/MM/DD hh:mm:ss` (nginx). */
export function isoAt(s: string, i: number): number {
  if (s.length < i + 19) return NaN;
  const t = s.charCodeAt(i + 10);
  if (t !== 84 && t !== 32) return NaN;
  const clock = clockAt(s, i + 11);
  const day = isoDayAt(s, i);
  if (Number.isNaN(clock) || Number.isNaN(day)) return NaN;
  let j = i + 19;
  let ms = 0;
  const c = s.charCodeAt(j);
  if (c === 46 || c === 44) {
    // Fraction: keep milliseconds, skip finer digits.
    j++;
    let scale = 100;
    while (isDigit(s.charCodeAt(j))) {
      if (scale >= 1) ms += (s.charCodeAt(j) - 48) * scale;
      scale /= 10;
      j++;
    }
    ms = Math.floor(ms);
  }
  let offsetMin = 0;
  const z = s.charCodeAt(j);
  if (z === 90) j++;
  else if ((z === 43 || z === 45) && isDigit(s.charCodeAt(j + 1))) {
    const oh = digitsAt(s, j + 1, j + 3);
    let om: number;
    if (s.charCodeAt(j + 3) === 58) {
      om = digitsAt(s, j + 4, j + 6);
      j += 6;
    } else {
      om = digitsAt(s, j + 3, j + 5);
      j += 5;
    }
    if (Number.isNaN(oh) || Number.isNaN(om)) return NaN;
    offsetMin = (z === 45 ? -1 : 1) * (oh * 60 + om);
  }
  scanned.end = j;
  return day + clock + ms - offsetMin * 60000;
}

/** What isoAt gives for `${date}T${time}` (a 10-character date, an 8-character time), without
 *  joining them: a joined string is a cons string that must be flattened before its characters
 *  are read (key=value lines carry `date=… time=…`; that was a tenth of their time, profiled). */
export function isoDateTime(date: string, time: string): number {
  if (date.length !== 10 || time.length !== 8) return isoAt(`${date}T${time}`, 0);
  const clock = clockAt(time, 0);
  const day = isoDayAt(date, 0);
  if (Number.isNaN(clock) || Number.isNaN(day)) return NaN;
  scanned.end = 19;
  return day + clock;
}

/** Milliseconds into the day of `hh:mm:ss` at `s[i]`; NaN if not one. */
function clockAt(s: string, i: number): number {
  if (s.charCodeAt(i + 2) !== 58 || s.charCodeAt(i + 5) !== 58) return NaN;
  const hh = digitsAt(s, i, i + 2);
  const mm = digitsAt(s, i + 3, i + 5);
  const ss = digitsAt(s, i + 6, i + 8);
  if (!(hh <= 23 && mm <= 59 && ss <= 60)) return NaN;
  return hh * 3600000 + mm * 60000 + ss * 1000;
}

/** Epoch ms of the start of the day `YYYY-MM-DD` (or `YYYY/MM/DD`) at `s[i]`; NaN if not one.
 *  Same arithmetic as Date.UTC(year, month - 1, day) plus the time of day in the callers (a leap
 *  second or day 31 of a short month roll over the same way). */
function isoDayAt(s: string, i: number): number {
  const sep = s.charCodeAt(i + 4);
  if ((sep !== 45 && sep !== 47) || s.charCodeAt(i + 7) !== sep) return NaN;
  if (lastIsoDay.length === 10 && s.startsWith(lastIsoDay, i)) return lastIsoDayMs;
  const year = digitsAt(s, i, i + 4);
  const month = digitsAt(s, i + 5, i + 7);
  const day = digitsAt(s, i + 8, i + 10);
  if (!(month >= 1 && month <= 12 && day >= 1 && day <= 31)) return NaN;
  lastIsoDay = s.slice(i, i + 10);
  lastIsoDayMs = Date.UTC(year, month - 1, day);
  return lastIsoDayMs;
}

/** Common Log Format time `dd/Mon/yyyy:hh:mm:ss ±zzzz` (day may have one digit); sets `scanned.end`. */
export function clfAt(s: string, i: number): number {
  const slash = s.indexOf('/', i);
  if (slash < 0 || slash - i > 2) return NaN;
  const day = digitsAt(s, i, slash);
  const month = monthAt(s, slash + 1);
  const p = slash + 5;
  if (month < 0 || s.charCodeAt(slash + 4) !== 47 || s.charCodeAt(p + 4) !== 58) return NaN;
  const year = digitsAt(s, p, p + 4);
  const hh = digitsAt(s, p + 5, p + 7);
  const mm = digitsAt(s, p + 8, p + 10);
  const ss = digitsAt(s, p + 11, p + 13);
  if (Number.isNaN(year + day + hh + mm + ss)) return NaN;
  let j = p + 13;
  let offsetMin = 0;
  if (s.charCodeAt(j) === 32) {
    const z = s.charCodeAt(j + 1);
    const off = digitsAt(s, j + 2, j + 6);
    if ((z === 43 || z === 45) && !Number.isNaN(off)) {
      offsetMin = (z === 45 ? -1 : 1) * (Math.floor(off / 100) * 60 + (off % 100));
      j += 6;
    }
  }
  scanned.end = j;
  return Date.UTC(year, month, day, hh, mm, ss) - offsetMin * 60000;
}

/** ctime-style `Www Mmm dd hh:mm:ss[.uuuuuu] yyyy` (Apache error log, vsftpd); sets `scanned.end`. */
export function ctimeAt(s: string, i: number): number {
  if (s.charCodeAt(i + 3) !== 32 || !isRfc3164At(s, i + 4)) return NaN;
  const p = i + 4;
  const month = monthAt(s, p);
  const c = s.charCodeAt(p + 4);
  const day = (c === 32 ? 0 : c - 48) * 10 + (s.charCodeAt(p + 5) - 48);
  const hh = digitsAt(s, p + 7, p + 9);
  const mm = digitsAt(s, p + 10, p + 12);
  const ss = digitsAt(s, p + 13, p + 15);
  let j = p + 15;
  let ms = 0;
  if (s.charCodeAt(j) === 46) {
    const start = ++j;
    while (isDigit(s.charCodeAt(j))) j++;
    ms = Math.floor(digitsAt(s.slice(start, start + 3).padEnd(3, '0'), 0, 3));
  }
  if (s.charCodeAt(j) !== 32) return NaN;
  const year = digitsAt(s, j + 1, j + 5);
  if (Number.isNaN(year + hh + mm + ss)) return NaN;
  scanned.end = j + 5;
  return Date.UTC(year, month, day, hh, mm, ss, ms);
}
