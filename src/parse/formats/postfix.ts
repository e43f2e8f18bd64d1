// Postfix (all its daemons, `postfix/smtpd`, `postfix/postscreen`…): rejects and connections.
import { F } from '../../core/fields.ts';
import type { ProgramParser } from './program.ts';
import { isIp, toInt } from './scan.ts';

export const POSTFIX = 'postfix';

/** `host[IP]:port` or `[IP]:port` after `from `. */
function peer(m: string, i: number, f: Record<string, unknown>): void {
  const open = m.indexOf('[', i);
  const close = m.indexOf(']', open);
  if (open < 0 || close < 0 || open - i > 255) return;
  if (open > i) f[F.sourceAddress] = m.slice(i, open);
  const ip = m.slice(open + 1, close);
  if (isIp(ip)) f[F.sourceIp] = ip;
  if (m.charCodeAt(close + 1) === 58) {
    let e = close + 2;
    while (e < m.length && m.charCodeAt(e) >= 48 && m.charCodeAt(e) <= 57) e++;
    const port = toInt(m.slice(close + 2, e));
    if (port !== undefined) f[F.sourcePort] = port;
  }
}

export const postfixParser: ProgramParser = {
  name: POSTFIX,
  programs: ['postfix'],
  parseMessage(m, f) {
    const reject = m.indexOf('reject: ');
    if (reject >= 0) {
      const from = m.indexOf(' from ', reject);
      if (from > 0) peer(m, from + 6, f);
      f[F.eventAction] = 'mail_rejected';
      f[F.eventOutcome] = 'failure';
      f[F.eventCategory] = 'network';
      return POSTFIX;
    }
    if (m.startsWith('connect from ') || m.startsWith('disconnect from ') || m.startsWith('CONNECT from ')) {
      peer(m, m.indexOf('from ') + 5, f);
      f[F.eventAction] = m.startsWith('disconnect') ? 'mail_disconnect' : 'mail_connect';
      f[F.eventOutcome] = 'success';
      f[F.eventCategory] = 'network';
      return POSTFIX;
    }
    return POSTFIX;
  },
};
