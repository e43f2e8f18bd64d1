// Dropbear SSH server (embedded systems): password/pubkey logins and bad attempts; the peer is
// written `IP:port`.
import type { Fields } from '../../core/event.ts';
import { F } from '../../core/fields.ts';
import type { ProgramParser } from './program.ts';
import { isIp, toInt } from './scan.ts';

export const DROPBEAR = 'dropbear';

function peer(f: Fields, m: string): void {
  const from = m.lastIndexOf(' from ');
  if (from < 0) return;
  const addr = m.slice(from + 6).trim();
  const colon = addr.lastIndexOf(':');
  const ip = colon > 0 ? addr.slice(0, colon) : addr;
  if (isIp(ip)) f[F.sourceIp] = ip;
  const port = colon > 0 ? toInt(addr.slice(colon + 1)) : undefined;
  if (port !== undefined) f[F.sourcePort] = port;
}

/** The user written `'root'` after `for `. */
function quotedUser(f: Fields, m: string): void {
  const open = m.indexOf(" for '");
  if (open < 0) return;
  const close = m.indexOf("'", open + 6);
  if (close > open) f[F.userName] = m.slice(open + 6, close);
}

export function parseDropbearMessage(m: string, f: Fields): string | null {
  let action: string;
  let outcome: string;
  if (m.startsWith('Bad password attempt')) [action, outcome] = ['ssh_login', 'failure'];
  else if (m.startsWith('Login attempt for nonexistent user')) [action, outcome] = ['ssh_invalid_user', 'failure'];
  else if (m.includes(' auth succeeded for ')) [action, outcome] = ['ssh_login', 'success'];
  else if (m.startsWith('Exit ')) [action, outcome] = ['ssh_disconnect', 'success'];
  else if (m.startsWith('Child connection from ')) [action, outcome] = ['ssh_connect', 'success'];
  else return null;
  quotedUser(f, m);
  peer(f, m);
  f[F.eventAction] = action;
  f[F.eventOutcome] = outcome;
  f[F.eventCategory] = action === 'ssh_disconnect' || action === 'ssh_connect' ? 'session' : 'authentication';
  return DROPBEAR;
}

export const dropbearParser: ProgramParser = {
  name: DROPBEAR,
  programs: ['dropbear'],
  parseMessage: (message, fields) => parseDropbearMessage(message, fields),
};
