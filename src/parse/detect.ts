// Format auto-detection by the first characters of a line: cheap checks that pick which line
// parsers to try first. The parser set falls back to the others when these do not match, so
// detection only has to be right often, never always.
import { isDigit } from './formats/scan.ts';
import { isRfc3164At, monthAt } from './formats/time.ts';

export type Family = 'json' | 'syslog' | 'cef' | 'leef' | 'auditd' | 'bracket' | 'iso' | 'epoch' | 'address' | 'ctime' | 'word' | 'unknown';

/** Parser names to try first for each family, in order. */
export const FAMILY_PARSERS: Readonly<Record<Family, readonly string[]>> = {
  json: ['json'],
  syslog: ['syslog'],
  cef: ['cef'],
  leef: ['leef'],
  auditd: ['auditd'],
  bracket: ['apache_error'],
  iso: ['iis', 'nginx_error', 'syslog'],
  epoch: ['squid'],
  address: ['access_log'],
  ctime: ['vsftpd'],
  word: ['kv', 'access_log', 'syslog'],
  unknown: [],
};

const DAYS = 'MonTueWedThuFriSatSun';

export function detectFamily(line: string): Family {
  let i = 0;
  let c = line.charCodeAt(0);
  // Leading blanks (some relays indent, e.g. ` type=SYSCALL`).
  while (c === 32 || c === 9) c = line.charCodeAt(++i);
  switch (c) {
    case 123: // {
      return 'json';
    case 60: // <
      return isDigit(line.charCodeAt(i + 1)) ? 'syslog' : 'unknown';
    case 91: // [
      return 'bracket';
    case 67: // C
      if (line.startsWith('CEF:', i)) return 'cef';
      break;
    case 76: // L
      if (line.startsWith('LEEF:', i)) return 'leef';
      break;
    case 116: // t
      if (line.startsWith('type=', i)) return 'auditd';
      break;
    case 110: // n
      if (line.startsWith('node=', i)) return 'auditd';
      break;
  }
  if (isDigit(c)) {
    const sep = line.charCodeAt(i + 4);
    if ((sep === 45 || sep === 47) && isDigit(line.charCodeAt(i + 5))) return 'iso';
    // `yyyy Mmm dd` (syslog with the year first).
    if (sep === 32 && monthAt(line, i + 5) >= 0) return 'syslog';
    const dot = line.indexOf('.', i);
    if ((dot === i + 10 || dot === i + 9) && line.charCodeAt(dot + 4) === 32) return 'epoch';
    return 'address';
  }
  if (isRfc3164At(line, i)) return 'syslog';
  if (line.charCodeAt(i + 3) === 32 && DAYS.indexOf(line.slice(i, i + 3)) % 3 === 0 && monthAt(line, i + 4) >= 0) return 'ctime';
  // IPv6 client addresses start with hex letters or a colon.
  if (c === 58) return 'address';
  if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122)) return 'word';
  return 'unknown';
}
