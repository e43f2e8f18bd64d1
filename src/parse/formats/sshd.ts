// OpenSSH server messages: logins (password, publickey, keyboard-interactive…), invalid users,
// disconnects, pre-auth failures, break-in warnings. Each known message sets `event.action`
// and `event.outcome`; any sshd message still gets source.ip/user.name when it names them.
import type { Fields } from '../../core/event.ts';
import { F } from '../../core/fields.ts';
import type { ProgramParser } from './program.ts';
import { parsePamMessage } from './pam.ts';
import { isIp, toInt, tokenEnd, trimEnd } from './scan.ts';

export const SSHD = 'sshd';

const PREAUTH = ' [preauth]';
const AUTH = 'authentication';
const SESSION = 'session';
const NETWORK = 'network';

function set(f: Fields, action: string, outcome: string, category: string): void {
  f[F.eventAction] = action;
  f[F.eventOutcome] = outcome;
  f[F.eventCategory] = category;
}

/** Sets source.ip (or source.address when it is a name) from a token; strips `[…]`. */
function setSource(f: Fields, token: string | undefined): void {
  if (!token) return;
  let t = token;
  if (t.charCodeAt(0) === 91 && t.endsWith(']')) t = t.slice(1, -1);
  t = trimEnd(trimEnd(t, ':'), ',');
  if (isIp(t)) f[F.sourceIp] = t;
  else if (t.length > 0) f[F.sourceAddress] = t;
}

function setPort(f: Fields, msg: string, from: number): void {
  const i = msg.indexOf(' port ', from);
  if (i < 0) return;
  const start = i + 6;
  let end = start;
  while (end < msg.length && msg.charCodeAt(end) >= 48 && msg.charCodeAt(end) <= 57) end++;
  const port = toInt(msg.slice(start, end));
  if (port !== undefined) f[F.sourcePort] = port;
}

const USER_PREFIXES = ['invalid user ', 'illegal user ', 'authenticating user ', 'user '];

/** `[invalid user ]USER from IP[ port N]` starting at `i`; returns true when `from` was found. */
function userFrom(f: Fields, msg: string, i: number): boolean {
  let start = i;
  for (const p of USER_PREFIXES) {
    // `for user from …` names a user called `user`: only strip a prefix that a name follows.
    if (msg.startsWith(p, start) && !msg.startsWith('from ', start + p.length)) {
      start += p.length;
      break;
    }
  }
  const from = msg.indexOf(' from ', start - 1);
  if (from < 0) return false;
  if (from > start) f[F.userName] = msg.slice(start, from);
  const ipStart = from + 6;
  setSource(f, msg.slice(ipStart, tokenEnd(msg, ipStart)));
  setPort(f, msg, ipStart);
  return true;
}

/** `[invalid user |user |authenticating user ]USER IP port N` (Disconnected/Connection closed by…). */
function userIpPort(f: Fields, msg: string, i: number): void {
  const rest = msg.slice(i);
  const portAt = rest.indexOf(' port ');
  const head = portAt >= 0 ? rest.slice(0, portAt) : rest.split(' ')[0] ?? '';
  const sp = head.lastIndexOf(' ');
  const ip = head.slice(sp + 1);
  setSource(f, ip);
  if (sp > 0) {
    let u = head.slice(0, sp);
    for (const p of USER_PREFIXES) {
      if (u.startsWith(p)) {
        u = u.slice(p.length);
        break;
      }
    }
    if (u) f[F.userName] = u;
  }
  if (portAt >= 0) setPort(f, rest, portAt);
}

/** Reads one sshd message into `f`; returns the parser name. */
export function parseSshdMessage(message: string, f: Fields): string {
  let m = message;
  if (m.endsWith(PREAUTH)) m = m.slice(0, -PREAUTH.length);
  // Level prefixes sshd writes before some messages.
  if (m.startsWith('error: ')) {
    f[F.logLevel] = 'error';
    m = m.slice(7);
  } else if (m.startsWith('fatal: ')) {
    f[F.logLevel] = 'fatal';
    m = m.slice(7);
  } else if (m.startsWith('debug1: ')) {
    f[F.logLevel] = 'debug';
    m = m.slice(8);
  }
  const c = m.charCodeAt(0);
  switch (c) {
    case 65: // A
      if (m.startsWith('Accepted ')) {
        const sp = m.indexOf(' ', 9);
        f['ssh.method'] = m.slice(9, sp);
        if (m.startsWith(' for ', sp)) userFrom(f, m, sp + 5);
        set(f, 'ssh_login', 'success', AUTH);
        return SSHD;
      }
      if (m.startsWith('Address ') && m.includes('POSSIBLE BREAK-IN')) {
        setSource(f, m.slice(8, tokenEnd(m, 8)));
        set(f, 'ssh_reverse_mapping_failed', 'unknown', NETWORK);
        return SSHD;
      }
      if (m.startsWith('Authentication refused')) {
        set(f, 'ssh_auth_refused', 'failure', AUTH);
        return SSHD;
      }
      break;
    case 70: // F
      if (m.startsWith('Failed ')) {
        const sp = m.indexOf(' ', 7);
        f['ssh.method'] = m.slice(7, sp);
        if (m.startsWith(' for ', sp)) userFrom(f, m, sp + 5);
        set(f, 'ssh_login', 'failure', AUTH);
        return SSHD;
      }
      break;
    case 73: // I
      if (m.startsWith('Invalid user ')) {
        userFrom(f, m, 8);
        set(f, 'ssh_invalid_user', 'failure', AUTH);
        return SSHD;
      }
      break;
    case 105: // i
      if (m.startsWith('input_userauth_request: invalid user ')) {
        f[F.userName] = m.slice(37, tokenEnd(m, 37));
        set(f, 'ssh_invalid_user', 'failure', AUTH);
        return SSHD;
      }
      break;
    case 80: // P
      if (m.startsWith('Postponed ')) {
        const sp = m.indexOf(' ', 10);
        f['ssh.method'] = m.slice(10, sp);
        if (m.startsWith(' for ', sp)) userFrom(f, m, sp + 5);
        set(f, 'ssh_login_postponed', 'unknown', AUTH);
        return SSHD;
      }
      if (m.startsWith('PAM: ')) {
        const forAt = m.indexOf(' for ');
        if (forAt > 0) userFrom(f, m, forAt + 5);
        const unknown = m.includes('illegal user') && (m.includes('unknown user') || m.includes('User not known'));
        set(f, unknown ? 'ssh_invalid_user' : 'ssh_login', 'failure', AUTH);
        return SSHD;
      }
      if (m.startsWith('PAM ') && m.includes('more authentication failure')) {
        parsePamMessage(m.slice(4), f);
        f[F.eventAction] = 'ssh_login';
        return SSHD;
      }
      break;
    case 109: // m
      if (m.startsWith('maximum authentication attempts exceeded for ')) {
        userFrom(f, m, 45);
        set(f, 'ssh_max_auth_exceeded', 'failure', AUTH);
        return SSHD;
      }
      break;
    case 68: // D
      if (m.startsWith('Disconnecting: Too many authentication failures')) {
        const forAt = m.indexOf(' for ');
        if (forAt > 0) {
          let u = m.slice(forAt + 5);
          for (const p of USER_PREFIXES) if (u.startsWith(p)) u = u.slice(p.length);
          f[F.userName] = u;
        }
        set(f, 'ssh_max_auth_exceeded', 'failure', AUTH);
        return SSHD;
      }
      if (m.startsWith('Disconnected from ')) {
        userIpPort(f, m, 18);
        set(f, 'ssh_disconnect', 'success', SESSION);
        return SSHD;
      }
      if (m.startsWith('Disconnecting ')) {
        userIpPort(f, m, 14);
        set(f, 'ssh_disconnect', 'unknown', SESSION);
        return SSHD;
      }
      if (m.startsWith('Disconnecting: ')) {
        set(f, 'ssh_disconnect', 'failure', SESSION);
        return SSHD;
      }
      if (m.startsWith('Did not receive identification string from ')) {
        setSource(f, m.slice(43, tokenEnd(m, 43)));
        setPort(f, m, 43);
        set(f, 'ssh_no_identification', 'failure', NETWORK);
        return SSHD;
      }
      break;
    case 67: // C
      if (m.startsWith('Connection closed by ')) {
        userIpPort(f, m, 21);
        set(f, 'ssh_disconnect', 'unknown', SESSION);
        return SSHD;
      }
      if (m.startsWith('Connection reset by ')) {
        userIpPort(f, m, 20);
        set(f, 'ssh_disconnect', 'failure', SESSION);
        return SSHD;
      }
      if (m.startsWith('Connection from ')) {
        setSource(f, m.slice(16, tokenEnd(m, 16)));
        setPort(f, m, 16);
        set(f, 'ssh_connect', 'success', NETWORK);
        return SSHD;
      }
      if (m.startsWith('Corrupted MAC')) {
        set(f, 'ssh_corrupted_mac', 'failure', NETWORK);
        return SSHD;
      }
      break;
    case 82: // R
      if (m.startsWith('Received disconnect from ')) {
        setSource(f, m.slice(25, tokenEnd(m, 25)));
        setPort(f, m, 25);
        set(f, 'ssh_disconnect', 'success', SESSION);
        return SSHD;
      }
      if (m.startsWith('Read error from remote host ')) {
        setSource(f, m.slice(28, tokenEnd(m, 28)));
        set(f, 'ssh_read_error', 'failure', NETWORK);
        return SSHD;
      }
      if (m.startsWith('Received signal ')) {
        set(f, 'ssh_server_stop', 'success', 'process');
        return SSHD;
      }
      break;
    case 114: // r
      if (m.startsWith('reverse mapping checking getaddrinfo for ')) {
        const open = m.indexOf(' [', 41);
        if (open > 0) {
          f[F.sourceAddress] = m.slice(41, open);
          setSource(f, m.slice(open + 1, tokenEnd(m, open + 1)));
        }
        set(f, 'ssh_reverse_mapping_failed', 'unknown', NETWORK);
        return SSHD;
      }
      break;
    case 85: // U
      if (m.startsWith('User ') && m.includes(' not allowed because ')) {
        userFrom(f, m, 5);
        set(f, 'ssh_user_not_allowed', 'failure', AUTH);
        return SSHD;
      }
      if (m.startsWith('Unable to negotiate')) {
        const w = m.indexOf(' with ');
        if (w > 0) setSource(f, m.slice(w + 6, tokenEnd(m, w + 6)));
        setPort(f, m, 0);
        set(f, 'ssh_negotiation_failed', 'failure', NETWORK);
        return SSHD;
      }
      break;
    case 66: // B
      if (m.startsWith('Bad protocol version identification')) {
        const from = m.lastIndexOf(' from ');
        if (from > 0) {
          setSource(f, m.slice(from + 6, tokenEnd(m, from + 6)));
          setPort(f, m, from);
        }
        set(f, 'ssh_bad_protocol', 'failure', NETWORK);
        return SSHD;
      }
      if (m.startsWith('Bad packet length')) {
        set(f, 'ssh_bad_packet', 'failure', NETWORK);
        return SSHD;
      }
      break;
    case 83: // S
      if (m.startsWith('Server listening on ')) {
        set(f, 'ssh_server_start', 'success', 'process');
        return SSHD;
      }
      break;
    case 115: // s
      if (m.startsWith('subsystem request for ')) {
        const by = m.indexOf(' by user ');
        if (by > 0) f[F.userName] = m.slice(by + 9, tokenEnd(m, by + 9));
        set(f, m.includes('failed') ? 'ssh_subsystem_failed' : 'ssh_subsystem_request', m.includes('failed') ? 'failure' : 'success', SESSION);
        return SSHD;
      }
      break;
    case 112: // p
      if (m.startsWith('pam_')) {
        const name = parsePamMessage(m, f);
        if (name) return name;
      }
      break;
    case 84: // T
      if (m.startsWith('Timeout')) {
        set(f, 'ssh_timeout', 'failure', SESSION);
        return SSHD;
      }
      break;
    case 87: // W
      if (m.startsWith('Write failed')) {
        set(f, 'ssh_write_failed', 'failure', NETWORK);
        return SSHD;
      }
      break;
  }
  // Unknown sshd message: still pick up an address it names.
  const from = m.indexOf(' from ');
  if (from > 0) setSource(f, m.slice(from + 6, tokenEnd(m, from + 6)));
  return SSHD;
}

export const sshdParser: ProgramParser = {
  name: SSHD,
  programs: ['sshd'],
  parseMessage: (message, fields) => parseSshdMessage(message, fields),
};
