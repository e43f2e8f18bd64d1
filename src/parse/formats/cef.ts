// ArcSight Common Event Format: `CEF:Version|Vendor|Product|Version|SignatureID|Name|Severity|ext`
// where `ext` is `key=value` pairs whose values run to the next ` key=` (values may hold spaces;
// `\=`, `\|`, `\\` are escapes). Standalone, or as the message of a syslog line.
import type { Fields } from '../../core/event.ts';
import { F, FIELD_PREFIX } from '../../core/fields.ts';
import type { LineParser, ParsedLine } from '../types.ts';
import type { ProgramParser } from './program.ts';
import { keyCache, nameCache, snakeCase } from './names.ts';
import { isIp, toInt } from './scan.ts';
import { isoAt } from './time.ts';
import { newFields } from './new-fields.ts';

export const CEF = 'cef';

/** CEF extension keys that have an ECS home. */
const CEF_MAP: Record<string, string> = {
  src: F.sourceIp, dst: F.destinationIp, spt: F.sourcePort, dpt: F.destinationPort, suser: F.userName, duser: F.destinationUserName,
  shost: F.sourceAddress, dhost: F.destinationAddress, proto: F.networkTransport, request: F.urlOriginal, requestMethod: F.httpRequestMethod,
  requestClientApplication: F.userAgentOriginal, msg: F.message, sproc: F.processName, spid: F.processPid, dproc: F.processName, dpid: F.processPid,
  fname: F.fileName, filePath: F.filePath, in: F.sourceBytes, out: F.destinationBytes, outcome: F.eventOutcome, cat: 'event.category_name',
  dvchost: F.observerName, externalId: F.eventId, cs1: 'cef.cs1', sntdom: F.userDomain,
};

const NUMERIC = new Set<string>([F.sourcePort, F.destinationPort, F.processPid, F.sourceBytes, F.destinationBytes]);

/** Splits the 7 header fields at unescaped pipes; returns the index where the extension starts. */
function header(s: string, start: number, out: string[], count: number): number {
  let i = start;
  while (out.length < count) {
    let p = s.indexOf('|', i);
    // A `\|` is part of the value: look further.
    while (p > 0 && s.charCodeAt(p - 1) === 92) p = s.indexOf('|', p + 1);
    if (p < 0) return -1;
    const v = s.slice(i, p);
    out.push(v.includes('\\') ? v.replace(/\\([|\\])/g, '$1') : v);
    i = p + 1;
  }
  return i;
}

/** Extension pairs: a key is the word right before an unescaped `=`; its value runs to the
 *  separator before the next key. An unescaped `=` inside a value (vendors forget to escape URLs)
 *  is not a key when no separator precedes it. */
export function extensionPairs(ext: string, visit: (k: string, v: string) => void, sep = ' '): void {
  let keyStart = 0;
  let eq = findEq(ext, 0);
  while (eq > 0) {
    const key = trimmed(ext.slice(keyStart, eq));
    let next = findEq(ext, eq + 1);
    let valueEnd = ext.length;
    while (next > 0) {
      // The next key starts after the last separator before its `=`.
      const sp = ext.lastIndexOf(sep, next);
      if (sp > eq) {
        valueEnd = sp;
        break;
      }
      next = findEq(ext, next + 1);
    }
    visit(key, unescape(trimmed(ext.slice(eq + 1, valueEnd))));
    if (next < 0) break;
    keyStart = valueEnd + sep.length;
    eq = next;
  }
}

/** `trim()` only when there is something to trim (most values have no padding). */
function trimmed(v: string): string {
  const n = v.length;
  return n > 0 && (v.charCodeAt(0) <= 32 || v.charCodeAt(n - 1) <= 32) ? v.trim() : v;
}

function findEq(s: string, from: number): number {
  let i = s.indexOf('=', from);
  while (i > 0 && s.charCodeAt(i - 1) === 92) i = s.indexOf('=', i + 1);
  return i;
}

function unescape(v: string): string {
  return v.includes('\\') ? v.replace(/\\([=|\\])/g, '$1').replace(/\\n/g, '\n').replace(/\\r/g, '\r') : v;
}

const cefName = nameCache(FIELD_PREFIX.cef);

interface KeySpec {
  name: string;
  target: string | undefined;
  numeric: boolean;
  label: string | undefined;
}
const keySpec = keyCache<KeySpec>((k) => {
  const target = CEF_MAP[k];
  return { name: FIELD_PREFIX.cef + k, target, numeric: target !== undefined && NUMERIC.has(target), label: k.endsWith('Label') ? k.slice(0, -5) : undefined };
});

/** Reads a CEF record starting at `s[start]` (`CEF:`); null when it is not one. */
export function scanCef(s: string, start: number, f: Fields): number | null {
  if (!s.startsWith('CEF:', start)) return null;
  const h: string[] = [];
  const ext = header(s, start + 4, h, 7);
  if (ext < 0) return null;
  const [version, vendor, product, devVersion, sigId, name, severity] = h as [string, string, string, string, string, string, string];
  f['cef.version'] = version;
  f[F.observerVendor] = vendor;
  f[F.observerProduct] = product;
  f[F.observerVersion] = devVersion;
  f[F.eventCode] = sigId;
  f['cef.name'] = name;
  const sev = toInt(severity);
  f[F.eventSeverity] = sev ?? severity;
  let time = NaN;
  let labels: [string, string][] | undefined;
  extensionPairs(s.slice(ext), (k, v) => {
    const spec = keySpec(k);
    f[spec.name] = v;
    if (spec.label !== undefined) (labels ??= []).push([spec.label, v]);
    else if (k === 'rt' || k === 'end') {
      const n = Number(v);
      time = Number.isFinite(n) && v.length >= 12 ? n : Date.parse(v.length > 18 ? v : `${v} UTC`);
      if (Number.isNaN(time)) time = isoAt(v, 0);
      return;
    } else if (k === 'act') f[F.eventAction] = snakeCase(v);
    const target = spec.target;
    if (target === undefined || f[target] !== undefined) return;
    if (spec.numeric) {
      const n = toInt(v);
      if (n !== undefined) f[target] = n;
    } else if ((target === F.sourceIp || target === F.destinationIp) && !isIp(v)) f[target === F.sourceIp ? F.sourceAddress : F.destinationAddress] = v;
    else f[target] = v;
  });
  // Custom string fields `cs1=… cs1Label=Name` become `cef.Name`.
  for (const [slot, label] of labels ?? []) {
    const v = f[cefName(slot)];
    if (v !== undefined) f[cefName(label)] = v;
  }
  if (f[F.eventAction] === undefined) f[F.eventAction] = snakeCase(name) || 'cef_event';
  const o = String(f[F.eventOutcome] ?? '').toLowerCase();
  f[F.eventOutcome] = o === 'success' || o === 'failure' ? o : o.startsWith('fail') ? 'failure' : o.startsWith('succ') ? 'success' : 'unknown';
  return time;
}

export const cefParser: LineParser = {
  name: CEF,
  parse(line): ParsedLine | null {
    if (line.charCodeAt(0) !== 67) return null;
    const fields = newFields();
    const t = scanCef(line, 0, fields);
    if (t === null) return null;
    const out: ParsedLine = { parser: CEF, fields };
    if (!Number.isNaN(t)) out.time = t;
    return out;
  },
};

/** CEF sent through syslog: the message starts with `CEF:` (the program tag is the device's). */
export const cefProgramParser: ProgramParser = {
  name: 'cef_syslog',
  programs: ['*'],
  parseMessage(m, f) {
    const at = m.startsWith('CEF:') ? 0 : m.indexOf(' CEF:') + 1;
    if (at < 0 || (at > 0 && at > 64)) return null;
    return scanCef(m, at, f) === null ? null : CEF;
  },
};
