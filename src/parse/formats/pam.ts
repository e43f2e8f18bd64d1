// PAM module messages, from whichever program loaded the module: `pam_unix(sshd:auth): …`
// (modern) or a program tagged `su(pam_unix)` (old Red Hat). Authentication failures, unknown
// users, session open/close, password changes.
import type { Fields } from '../../core/event.ts';
import { F } from '../../core/fields.ts';
import type { ProgramParser } from './program.ts';
import { isIp, tokenEnd } from './scan.ts';

export const PAM = 'pam';

function set(f: Fields, action: string, outcome: string, category: string): void {
  f[F.eventAction] = action;
  f[F.eventOutcome] = outcome;
  f[F.eventCategory] = category;
}

/** `key=value` pairs of PAM's failure line (`logname= uid=0 euid=0 tty=ssh ruser= rhost=1.2.3.4  user=root`).
 *  Scanned with indexOf: this line is a large share of every auth log. */
function pamPairs(f: Fields, s: string, from: number): void {
  let eq = s.indexOf('=', from);
  while (eq > 0) {
    let k = eq - 1;
    while (k >= from && s.charCodeAt(k) !== 32) k--;
    const keyStart = k + 1;
    let end = s.indexOf(' ', eq + 1);
    if (end < 0) end = s.length;
    if (end > eq + 1) {
      const len = eq - keyStart;
      const v = s.slice(eq + 1, end);
      const c = s.charCodeAt(keyStart);
      if (len === 5 && c === 114 && s.startsWith('rhost', keyStart)) {
        if (isIp(v)) f[F.sourceIp] = v;
        else f[F.sourceAddress] = v;
      } else if (len === 4 && c === 117 && s.startsWith('user', keyStart)) f[F.userName] = v;
      else if (len === 5 && c === 114 && s.startsWith('ruser', keyStart)) f['pam.ruser'] = v;
      else if (len === 3 && c === 117 && s.startsWith('uid', keyStart)) f[F.userId] = v;
      else if (len === 4 && c === 101 && s.startsWith('euid', keyStart)) f[F.userEffectiveId] = v;
      else if (len === 3 && c === 116 && s.startsWith('tty', keyStart)) f[F.processTtyName] = v;
      else if (len === 7 && c === 108 && s.startsWith('logname', keyStart)) f['pam.logname'] = v;
    }
    eq = s.indexOf('=', end);
  }
}

/** Reads a PAM message (with or without the `pam_x(svc:type): ` prefix); null when not a PAM phrase.
 *  Works on offsets into the message rather than slicing it: this runs on a large share of auth logs. */
export function parsePamMessage(m: string, f: Fields): string | null {
  let i = 0;
  if (m.charCodeAt(0) === 112 && m.startsWith('pam_')) {
    const open = m.indexOf('(');
    const close = m.indexOf('): ', open);
    if (open < 0 || close < 0) return null;
    f['pam.module'] = m.slice(0, open);
    const colon = m.indexOf(':', open);
    f['pam.service'] = m.slice(open + 1, colon > 0 && colon < close ? colon : close);
    i = close + 3;
  }
  if (m.startsWith('authentication failure;', i)) {
    pamPairs(f, m, i + 23);
    set(f, 'authentication_failure', 'failure', 'authentication');
    return PAM;
  }
  if (m.startsWith('check pass; user unknown', i)) {
    set(f, 'user_unknown', 'failure', 'authentication');
    return PAM;
  }
  if (m.startsWith('session opened for user ', i)) {
    setUser(f, m, i + 24);
    const by = m.indexOf(' by ', i + 24);
    if (by > 0) {
      const paren = m.indexOf('(', by + 4);
      if (paren > by + 4) f['pam.by_user'] = m.slice(by + 4, paren);
    }
    set(f, 'session_opened', 'success', 'session');
    return PAM;
  }
  if (m.startsWith('session closed for user ', i)) {
    setUser(f, m, i + 24);
    set(f, 'session_closed', 'success', 'session');
    return PAM;
  }
  const more = m.indexOf('more authentication failure', i);
  if (more >= 0 && more - i < 8) {
    pamPairs(f, m, m.indexOf(';', more) + 1);
    set(f, 'authentication_failure', 'failure', 'authentication');
    return PAM;
  }
  if (m.startsWith('password changed for ', i)) {
    setUser(f, m, i + 21);
    set(f, 'password_changed', 'success', 'iam');
    return PAM;
  }
  if (m.startsWith('account ', i) && m.includes(' has expired', i)) {
    setUser(f, m, i + 8);
    set(f, 'account_expired', 'failure', 'authentication');
    return PAM;
  }
  if (m.startsWith("Couldn't authenticate user", i) || m.startsWith('auth could not identify password', i)) {
    set(f, 'authentication_failure', 'failure', 'authentication');
    return PAM;
  }
  return null;
}

/** User name at `m[i]`, dropping the `(uid=0)` newer PAM writes after it. */
function setUser(f: Fields, m: string, i: number): void {
  let u = m.slice(i, tokenEnd(m, i));
  const paren = u.indexOf('(');
  if (paren > 0) u = u.slice(0, paren);
  if (u) f[F.userName] = u;
}

/** Any program's message that starts with `pam_` (e.g. `sudo: pam_unix(sudo:session): …`). */
export const pamParser: ProgramParser = {
  name: PAM,
  programs: ['*'],
  parseMessage(message, fields, program) {
    // Old-style tags (`su(pam_unix)`) carry the module in the program name.
    if (message.startsWith('pam_') || program.includes('(pam_')) return parsePamMessage(message, fields);
    return null;
  },
};
