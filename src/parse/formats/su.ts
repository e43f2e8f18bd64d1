// su's own messages (not its PAM module's): switches between users, successful or refused,
// in the shapes util-linux, shadow-utils and the BSDs write.
import type { Fields } from '../../core/event.ts';
import { F } from '../../core/fields.ts';
import type { ProgramParser } from './program.ts';

export const SU = 'su';

function record(f: Fields, from: string | undefined, to: string | undefined, tty: string | undefined, ok: boolean): string {
  if (from) f[F.userName] = from;
  if (to) f[F.userEffectiveName] = to;
  if (tty) f[F.processTtyName] = tty;
  f[F.eventAction] = 'user_switch';
  f[F.eventOutcome] = ok ? 'success' : 'failure';
  f[F.eventCategory] = 'authentication';
  return SU;
}

export function parseSuMessage(message: string, f: Fields): string | null {
  let m = message.trim();
  let ok = true;
  if (m.startsWith('failed: ')) {
    // `failed: ttyq4 changing from ldap to root`
    const w = m.slice(8).split(' ');
    if (w[1] === 'changing' && w[2] === 'from' && w[4] === 'to') return record(f, w[3], w[5], w[0], false);
    return null;
  }
  if (m.startsWith('BAD SU ')) {
    ok = false;
    m = m.slice(7);
  } else if (m.startsWith('FAILED SU ')) {
    ok = false;
    m = m.slice(10);
  } else if (m.startsWith('Successful su for ')) {
    const w = m.slice(18).split(' ');
    if (w[1] === 'by') return record(f, w[2], w[0], undefined, true);
    return null;
  }
  const w = m.split(' ');
  // `(to root) user on pts/0`
  if (w[0] === '(to' && w[1]?.endsWith(')') && w[3] === 'on') return record(f, w[2], w[1].slice(0, -1), w[4], ok);
  // `user to root on /dev/ttyp1`
  if (w[1] === 'to' && w[3] === 'on') return record(f, w[0], w[2], w[4], ok);
  // `+ pts/0 user:root` / `- pts/0 user:root`
  if ((w[0] === '+' || w[0] === '-') && w.length === 3 && w[2]?.includes(':')) {
    const [from, to] = w[2].split(':');
    return record(f, from, to, w[1], w[0] === '+');
  }
  return null;
}

export const suParser: ProgramParser = {
  name: SU,
  programs: ['su'],
  parseMessage: (message, fields) => parseSuMessage(message, fields),
};
