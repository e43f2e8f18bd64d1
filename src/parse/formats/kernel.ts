// Kernel messages that carry security events: netfilter logs (iptables LOG target, UFW,
// firewalld, OpenWRT: `PREFIX IN=… OUT=… SRC=… DST=… PROTO=… SPT=… DPT=…`) and AppArmor
// audit records (`audit: type=1400 audit(…): apparmor="DENIED" operation=… profile=…`).
// Other kernel messages are left to the generic syslog event.
import type { Fields } from '../../core/event.ts';
import { F } from '../../core/fields.ts';
import type { ProgramParser } from './program.ts';
import { scanKv } from './kv-scan.ts';
import { toInt } from './scan.ts';

export const IPTABLES = 'iptables';
export const APPARMOR = 'apparmor';

/** Drops the `[ 2870.303541] ` uptime stamp the kernel puts before a message. */
export function stripUptime(m: string): string {
  if (m.charCodeAt(0) !== 91) return m;
  const close = m.indexOf('] ');
  if (close < 0 || close > 20) return m;
  for (let i = 1; i < close; i++) {
    const c = m.charCodeAt(i);
    if (c !== 32 && c !== 46 && (c < 48 || c > 57)) return m;
  }
  return m.slice(close + 2);
}

const DENY_WORDS = ['BLOCK', 'DROP', 'DENY', 'DENIED', 'REJECT'];
const ALLOW_WORDS = ['ALLOW', 'ACCEPT', 'PASS'];

export function parseNetfilter(m: string, f: Fields): string | null {
  const inAt = m.indexOf('IN=');
  if (inAt < 0 || m.indexOf(' SRC=', inAt) < 0) return null;
  const prefix = m.slice(0, inAt).trim();
  if (prefix) f[F.ruleName] = prefix;
  let flags = '';
  scanKv(
    m,
    (k, v) => {
      if (v === undefined) {
        flags += flags ? ` ${k}` : k;
        return;
      }
      if (v === '') return;
      switch (k) {
        case 'SRC': f[F.sourceIp] = v; break;
        case 'DST': f[F.destinationIp] = v; break;
        case 'SPT': { const n = toInt(v); if (n !== undefined) f[F.sourcePort] = n; break; }
        case 'DPT': { const n = toInt(v); if (n !== undefined) f[F.destinationPort] = n; break; }
        case 'PROTO': f[F.networkTransport] = v.toLowerCase(); break;
        case 'IN': f[F.observerIngress] = v; break;
        case 'OUT': f[F.observerEgress] = v; break;
        default:
          // The first LEN is the IP packet's; the UDP header repeats the name.
          if (f[`iptables.${k.toLowerCase()}`] === undefined) f[`iptables.${k.toLowerCase()}`] = v;
      }
    },
    inAt,
  );
  if (flags) f['iptables.flags'] = flags;
  const upper = prefix.toUpperCase();
  let action = 'firewall_log';
  let outcome = 'unknown';
  let type = 'connection';
  if (DENY_WORDS.some((w) => upper.includes(w))) {
    action = 'firewall_drop';
    outcome = 'failure';
    type = 'denied';
  } else if (ALLOW_WORDS.some((w) => upper.includes(w))) {
    action = 'firewall_allow';
    outcome = 'success';
    type = 'allowed';
  }
  f[F.eventAction] = action;
  f[F.eventOutcome] = outcome;
  f[F.eventCategory] = 'network';
  f[F.eventType] = type;
  return IPTABLES;
}

export function parseAppArmor(m: string, f: Fields): string | null {
  const at = m.indexOf('apparmor="');
  if (at < 0) return null;
  scanKv(
    m,
    (k, v) => {
      if (v === undefined) return;
      switch (k) {
        case 'apparmor': f['apparmor.status'] = v; break;
        case 'operation': f['apparmor.operation'] = v; break;
        case 'profile': f['apparmor.profile'] = v; break;
        case 'name': f[F.filePath] = v; break;
        case 'pid': { const n = toInt(v); if (n !== undefined) f[F.processPid] = n; break; }
        case 'parent': { const n = toInt(v); if (n !== undefined) f[F.processPpid] = n; break; }
        case 'comm': f[F.processName] = v; break;
        case 'requested_mask': f['apparmor.requested_mask'] = v; break;
        case 'denied_mask': f['apparmor.denied_mask'] = v; break;
        case 'fsuid': f[F.userId] = v; break;
        default: break;
      }
    },
    at,
  );
  const status = String(f['apparmor.status'] ?? '').toLowerCase();
  f[F.eventAction] = `apparmor_${status || 'event'}`;
  f[F.eventOutcome] = status === 'denied' ? 'failure' : status === 'allowed' ? 'success' : 'unknown';
  f[F.eventCategory] = status === 'status' ? 'configuration' : 'file';
  return APPARMOR;
}

export const kernelParser: ProgramParser = {
  name: 'kernel',
  programs: ['kernel'],
  parseMessage(message, fields) {
    const m = stripUptime(message);
    return parseNetfilter(m, fields) ?? parseAppArmor(m, fields);
  },
};
