// Classic BSD/Linux ftpd (and its `ANONYMOUS FTP LOGIN FROM …` line): connections and logins.
import { F } from '../../core/fields.ts';
import type { ProgramParser } from './program.ts';
import { isIp, tokenEnd } from './scan.ts';

export const FTPD = 'ftpd';

export const ftpdParser: ProgramParser = {
  name: FTPD,
  programs: ['ftpd', 'in.ftpd'],
  parseMessage(m, f) {
    if (m.startsWith('connection from ')) {
      const ip = m.slice(16, tokenEnd(m, 16));
      if (isIp(ip)) f[F.sourceIp] = ip;
      const open = m.indexOf(' (', 16);
      const close = m.indexOf(')', open);
      if (open > 0 && close > open + 2) f[F.sourceAddress] = m.slice(open + 2, close);
      f[F.eventAction] = 'ftp_connect';
      f[F.eventOutcome] = 'success';
      f[F.eventCategory] = 'network';
      return FTPD;
    }
    const anon = m.indexOf('FTP LOGIN FROM ');
    if (anon >= 0) {
      const start = anon + 15;
      const ip = m.slice(start, m.indexOf(',', start) > 0 ? m.indexOf(',', start) : tokenEnd(m, start));
      if (isIp(ip)) f[F.sourceIp] = ip;
      const open = m.lastIndexOf('(');
      const close = m.lastIndexOf(')');
      if (open > 0 && close > open + 1) f[F.userName] = m.slice(open + 1, close);
      f[F.eventAction] = 'ftp_login';
      f[F.eventOutcome] = 'success';
      f[F.eventCategory] = 'authentication';
      return FTPD;
    }
    return null;
  },
};
