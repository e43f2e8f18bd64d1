// ProFTPD: `host (name[IP]) - USER x: Login successful`, refused/denied connections.
import { F } from '../../core/fields.ts';
import type { ProgramParser } from './program.ts';
import { isIp } from './scan.ts';

export const PROFTPD = 'proftpd';

export const proftpdParser: ProgramParser = {
  name: PROFTPD,
  programs: ['proftpd'],
  parseMessage(m, f) {
    // The client as `name[IP]` inside parentheses, or `from IP`.
    const open = m.indexOf('[');
    const close = open >= 0 ? m.indexOf(']', open) : -1;
    const ip = close > open ? m.slice(open + 1, close) : '';
    if (isIp(ip)) f[F.sourceIp] = ip;
    else {
      const from = m.indexOf(' from ');
      if (from >= 0) {
        const t = m.slice(from + 6).split(' ')[0] ?? '';
        if (isIp(t)) f[F.sourceIp] = t;
      }
    }
    const user = m.indexOf('USER ');
    if (user >= 0) {
      let end = user + 5;
      while (end < m.length && m.charCodeAt(end) !== 58 && m.charCodeAt(end) !== 32) end++;
      f[F.userName] = m.slice(user + 5, end);
    } else if (m.includes('ANON ')) {
      const a = m.indexOf('ANON ') + 5;
      f[F.userName] = m.slice(a, m.indexOf(':', a));
    }
    if (m.includes('Login successful')) {
      f[F.eventAction] = 'ftp_login';
      f[F.eventOutcome] = 'success';
      f[F.eventCategory] = 'authentication';
    } else if (m.includes('Login failed') || m.includes('Incorrect password') || m.includes('no such user')) {
      f[F.eventAction] = 'ftp_login';
      f[F.eventOutcome] = 'failure';
      f[F.eventCategory] = 'authentication';
    } else if (m.includes('refused connect') || m.includes(' denied')) {
      f[F.eventAction] = 'ftp_connection_refused';
      f[F.eventOutcome] = 'failure';
      f[F.eventCategory] = 'network';
    }
    return PROFTPD;
  },
};
