// vsftpd's own log (`Wed Jul 27 18:32:27 2016 [pid 2] [user] OK LOGIN: Client "1.2.3.4"`),
// as a line format and as the message of a syslog line from vsftpd.
import type { Fields } from '../../core/event.ts';
import { F } from '../../core/fields.ts';
import type { LineParser, ParsedLine } from '../types.ts';
import type { ProgramParser } from './program.ts';
import { digitsAt, isIp } from './scan.ts';
import { ctimeAt, scanned } from './time.ts';

export const VSFTPD = 'vsftpd';

/** Reads `[pid N] [user] VERB: Client "ip"[, "detail"]` at `m[i]`. */
export function parseVsftpdBody(m: string, i: number, f: Fields): boolean {
  if (!m.startsWith('[pid ', i)) return false;
  const close = m.indexOf(']', i);
  const pid = digitsAt(m, i + 5, close);
  if (Number.isNaN(pid)) return false;
  f[F.processPid] = pid;
  let j = close + 2;
  if (m.charCodeAt(j) === 91) {
    const e = m.indexOf('] ', j);
    if (e > 0) {
      f[F.userName] = m.slice(j + 1, e);
      j = e + 2;
    }
  }
  const colon = m.indexOf(': ', j);
  if (colon < 0) return false;
  const verb = m.slice(j, colon);
  const q = m.indexOf('Client "', colon);
  if (q > 0) {
    const ip = m.slice(q + 8, m.indexOf('"', q + 8));
    if (isIp(ip)) f[F.sourceIp] = ip;
  }
  if (verb.endsWith('LOGIN')) {
    f[F.eventAction] = 'ftp_login';
    f[F.eventOutcome] = verb.startsWith('OK') ? 'success' : 'failure';
    f[F.eventCategory] = 'authentication';
  } else if (verb === 'CONNECT') {
    f[F.eventAction] = 'ftp_connect';
    f[F.eventOutcome] = 'success';
    f[F.eventCategory] = 'network';
  } else {
    f[F.eventAction] = `ftp_${verb.toLowerCase().replace(/[^a-z0-9]+/g, '_')}`;
    f[F.eventOutcome] = verb.startsWith('OK') ? 'success' : verb.startsWith('FAIL') ? 'failure' : 'unknown';
    f[F.eventCategory] = 'file';
  }
  return true;
}

export const vsftpdLineParser: LineParser = {
  name: VSFTPD,
  parse(line): ParsedLine | null {
    const t = ctimeAt(line, 0);
    if (Number.isNaN(t)) return null;
    const fields: Fields = { [F.processName]: VSFTPD };
    if (!parseVsftpdBody(line, scanned.end + 1, fields)) return null;
    return { parser: VSFTPD, time: t, fields };
  },
};

export const vsftpdProgramParser: ProgramParser = {
  name: 'vsftpd_syslog',
  programs: ['vsftpd'],
  parseMessage: (m, f) => (parseVsftpdBody(m, 0, f) ? VSFTPD : null),
};
