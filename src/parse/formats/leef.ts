// IBM QRadar Log Event Extended Format: `LEEF:1.0|Vendor|Product|Version|EventID|attrs` with
// tab-separated `key=value` attributes; LEEF 2.0 adds a sixth header field naming the
// separator (a character or `xHH`).
import type { Fields } from '../../core/event.ts';
import { F, FIELD_PREFIX } from '../../core/fields.ts';
import type { LineParser, ParsedLine } from '../types.ts';
import type { ProgramParser } from './program.ts';
import { nameCache, snakeCase } from './names.ts';
import { isIp, toInt } from './scan.ts';
import { newFields } from './new-fields.ts';

export const LEEF = 'leef';

const LEEF_MAP: Record<string, string> = {
  src: F.sourceIp, dst: F.destinationIp, srcPort: F.sourcePort, dstPort: F.destinationPort, usrName: F.userName, proto: F.networkTransport,
  srcBytes: F.sourceBytes, dstBytes: F.destinationBytes, url: F.urlOriginal, identHostName: F.hostName, domain: F.userDomain, cat: 'event.category_name',
  sev: F.eventSeverity, action: 'leef.action', resource: F.hostName, policy: F.ruleName, accountName: F.userName, msg: F.message,
};
const NUMERIC = new Set<string>([F.sourcePort, F.destinationPort, F.sourceBytes, F.destinationBytes, F.eventSeverity]);
const leefName = nameCache(FIELD_PREFIX.leef);

export function scanLeef(s: string, start: number, f: Fields): number | null {
  if (!s.startsWith('LEEF:', start)) return null;
  const parts: string[] = [];
  let i = start + 5;
  for (let k = 0; k < 5; k++) {
    const p = s.indexOf('|', i);
    if (p < 0) return null;
    parts.push(s.slice(i, p));
    i = p + 1;
  }
  const [version, vendor, product, devVersion, eventId] = parts as [string, string, string, string, string];
  let sep = '\t';
  if (version.startsWith('2')) {
    const p = s.indexOf('|', i);
    if (p >= 0 && p - i <= 4) {
      const d = s.slice(i, p);
      sep = d.length > 1 && (d[0] === 'x' || d[0] === 'X') ? String.fromCharCode(parseInt(d.slice(1), 16)) : d || '\t';
      i = p + 1;
    }
  }
  f['leef.version'] = version;
  f[F.observerVendor] = vendor;
  f[F.observerProduct] = product;
  f[F.observerVersion] = devVersion;
  f[F.eventCode] = eventId;
  let time = NaN;
  for (const pair of s.slice(i).split(sep)) {
    const eq = pair.indexOf('=');
    if (eq <= 0) continue;
    const k = pair.slice(0, eq).trim();
    const v = pair.slice(eq + 1);
    f[leefName(k)] = v;
    if (k === 'devTime') {
      const n = Number(v);
      time = Number.isFinite(n) && v.length >= 12 ? n : Date.parse(v);
      continue;
    }
    const target = LEEF_MAP[k];
    if (!target || f[target] !== undefined) continue;
    if (NUMERIC.has(target)) {
      const n = toInt(v);
      if (n !== undefined) f[target] = n;
    } else if ((target === F.sourceIp || target === F.destinationIp) && !isIp(v)) continue;
    else f[target] = v;
  }
  const action = String(f['leef.action'] ?? eventId);
  f[F.eventAction] = snakeCase(action) || 'leef_event';
  const a = action.toLowerCase();
  f[F.eventOutcome] = /deny|denied|block|drop|reject|fail/.test(a) ? 'failure' : /allow|accept|permit|success/.test(a) ? 'success' : 'unknown';
  return time;
}

export const leefParser: LineParser = {
  name: LEEF,
  parse(line): ParsedLine | null {
    if (line.charCodeAt(0) !== 76) return null;
    const fields = newFields();
    const t = scanLeef(line, 0, fields);
    if (t === null) return null;
    const out: ParsedLine = { parser: LEEF, fields };
    if (!Number.isNaN(t)) out.time = t;
    return out;
  },
};

export const leefProgramParser: ProgramParser = {
  name: 'leef_syslog',
  programs: ['*'],
  parseMessage(m, f) {
    const at = m.startsWith('LEEF:') ? 0 : m.indexOf(' LEEF:') + 1;
    if (at < 0 || (at > 0 && at > 64)) return null;
    return scanLeef(m, at, f) === null ? null : LEEF;
  },
};
