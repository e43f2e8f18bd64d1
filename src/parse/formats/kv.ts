// Generic `key=value` lines (firewalls such as Sophos, FortiGate, many appliances). Every pair is
// kept under `kv.`; the common key names of source/destination/user/action get ECS fields.
import type { Fields } from '../../core/event.ts';
import { F, FIELD_PREFIX } from '../../core/fields.ts';
import type { LineParser, ParsedLine } from '../types.ts';
import { kvCursor, nextKv, resetKv } from './kv-cursor.ts';
import { keyTable } from './key-table.ts';
import { snakeCase } from './names.ts';
import { isIp, toInt } from './scan.ts';
import { isoDateTime } from './time.ts';

export const KV = 'kv';

const KV_MAP: Record<string, string> = {
  src: F.sourceIp, srcip: F.sourceIp, src_ip: F.sourceIp, source_ip: F.sourceIp, sip: F.sourceIp,
  dst: F.destinationIp, dstip: F.destinationIp, dst_ip: F.destinationIp, destination_ip: F.destinationIp, dip: F.destinationIp,
  spt: F.sourcePort, srcport: F.sourcePort, src_port: F.sourcePort, sport: F.sourcePort,
  dpt: F.destinationPort, dstport: F.destinationPort, dst_port: F.destinationPort, dport: F.destinationPort,
  user: F.userName, username: F.userName, user_name: F.userName, usrname: F.userName, srcuser: F.userName,
  proto: F.networkTransport, protocol: F.networkTransport, msg: F.message, message: F.message,
  devname: F.observerName, device_name: F.observerName, hostname: F.hostName, host: F.hostName,
  url: F.urlOriginal, method: F.httpRequestMethod, status: 'kv.status', policyid: F.ruleId, rule: F.ruleName, rule_name: F.ruleName,
};
const NUMERIC = new Set<string>([F.sourcePort, F.destinationPort]);
const DENY = new Set(['deny', 'denied', 'drop', 'dropped', 'block', 'blocked', 'reject', 'rejected', 'fail', 'failed', 'failure']);
const ALLOW = new Set(['allow', 'allowed', 'accept', 'accepted', 'permit', 'permitted', 'pass', 'success', 'close', 'closed']);

interface KeySpec {
  /** `kv.<key>` */
  name: string;
  /** Lower-cased key. */
  lower: string;
  /** ECS field it maps to, if any. */
  target: string | undefined;
  numeric: boolean;
}

const keySpec = keyTable<KeySpec>((k) => {
  const lower = k.toLowerCase();
  const target = KV_MAP[lower];
  return { name: FIELD_PREFIX.kv + k, lower, target, numeric: target !== undefined && NUMERIC.has(target) };
});

/** True when `s` starts with `key=` (the key of letters, digits, `_`, `.`, `-`). */
function startsWithPair(s: string): boolean {
  for (let i = 0; i < 64 && i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 61) return i > 0;
    const ok = (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 46 || c === 45;
    if (!ok) return false;
  }
  return false;
}

/** One cursor for all lines: parsing is synchronous, so lines never share it at once. */
const cursor = kvCursor();

export const kvParser: LineParser = {
  name: KV,
  parse(line): ParsedLine | null {
    if (!startsWithPair(line)) return null;
    const fields: Fields = {};
    let pairs = 0;
    let date = '';
    let time = '';
    const c = cursor;
    resetKv(c, line, 0, line.length);
    while (nextKv(c)) {
      const v = c.value;
      pairs++;
      const spec = keySpec(line, c.keyStart, c.keyEnd, c.hash);
      fields[spec.name] = v;
      if (spec.lower === 'date') date = v;
      else if (spec.lower === 'time') time = v;
      const target = spec.target;
      if (target === undefined || fields[target] !== undefined || v === '') continue;
      if (spec.numeric) {
        const n = toInt(v);
        if (n !== undefined) fields[target] = n;
      } else if ((target === F.sourceIp || target === F.destinationIp) && !isIp(v)) continue;
      else fields[target] = target === F.networkTransport ? v.toLowerCase() : v;
    }
    // A lone `a=b` in free text is not a key=value record.
    if (pairs < 2) return null;
    const action = String(fields['kv.action'] ?? fields['kv.status'] ?? '').toLowerCase();
    if (action) {
      fields[F.eventAction] = snakeCase(action);
      fields[F.eventOutcome] = DENY.has(action) ? 'failure' : ALLOW.has(action) ? 'success' : 'unknown';
    } else fields[F.eventOutcome] = 'unknown';
    if (fields[F.sourceIp] !== undefined || fields[F.destinationIp] !== undefined) fields[F.eventCategory] = 'network';
    const out: ParsedLine = { parser: KV, fields };
    // `date=2026-11-28 time=10:00:05` (no zone: UTC).
    if (date.length === 10 && time.length === 8) {
      const t = isoDateTime(date, time);
      if (!Number.isNaN(t)) out.time = t;
    }
    return out;
  },
};
