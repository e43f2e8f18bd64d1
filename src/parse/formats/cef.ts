// ArcSight Common Event Format: `CEF:Version|Vendor|Product|Version|SignatureID|Name|Severity|ext`
// where `ext` is `key=value` pairs whose values run to the next ` key=` (values may hold spaces;
// `\=`, `\|`, `\\` are escapes). Standalone, or as the message of a syslog line.
import { F, FIELD_PREFIX } from '../../core/fields.ts';
import type { LineParser, ParsedLine } from '../types.ts';
import type { ProgramParser } from './program.ts';
import { keyCache, nameCache, snakeCase } from './names.ts';
import { isIp, toInt } from './scan.ts';
import { isoAt } from './time.ts';
import { FieldsBuilder } from './field-shapes.ts';
import { extCursor, nextExt, resetExt } from './cef-extension.ts';

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

const cefName = nameCache(FIELD_PREFIX.cef);

/** What a key does beyond being stored under `cef.`: decided once per distinct key, so the
 *  per-pair work is one switch on a number rather than string compares. */
const enum Role {
  Plain,
  Label,
  Time,
  Action,
}

interface KeySpec {
  name: string;
  target: string | undefined;
  numeric: boolean;
  role: Role;
  /** For `cs1Label`: `cs1`. */
  label: string;
}
const keySpec = keyCache<KeySpec>((k) => {
  const target = CEF_MAP[k];
  const label = k.endsWith('Label') ? k.slice(0, -5) : '';
  const role = label ? Role.Label : k === 'rt' || k === 'end' ? Role.Time : k === 'act' ? Role.Action : Role.Plain;
  return { name: FIELD_PREFIX.cef + k, target, numeric: target !== undefined && NUMERIC.has(target), role, label };
});

/** One cursor for all lines: parsing is synchronous, so lines never share it at once. */
const cursor = extCursor();

/** One builder for all lines (parsing is synchronous): CEF lines set 20+ fields, see field-shapes.ts. */
const builder = new FieldsBuilder();

/** Reads a CEF record starting at `s[start]` (`CEF:`) into `f` (begun by the caller); null when
 *  it is not one (then nothing was set). */
export function scanCef(s: string, start: number, f: FieldsBuilder): number | null {
  if (!s.startsWith('CEF:', start)) return null;
  const h: string[] = [];
  const ext = header(s, start + 4, h, 7);
  if (ext < 0) return null;
  const [version, vendor, product, devVersion, sigId, name, severity] = h as [string, string, string, string, string, string, string];
  f.set('cef.version', version);
  f.set(F.observerVendor, vendor);
  f.set(F.observerProduct, product);
  f.set(F.observerVersion, devVersion);
  f.set(F.eventCode, sigId);
  f.set('cef.name', name);
  const sev = toInt(severity);
  f.set(F.eventSeverity, sev ?? severity);
  let time = NaN;
  let labels: [string, string][] | undefined;
  const c = cursor;
  resetExt(c, s, ext);
  while (nextExt(c)) {
    const v = c.value;
    const spec = keySpec(c.key);
    f.set(spec.name, v);
    switch (spec.role) {
      case Role.Label:
        (labels ??= []).push([spec.label, v]);
        break;
      case Role.Time: {
        const n = Number(v);
        time = Number.isFinite(n) && v.length >= 12 ? n : Date.parse(v.length > 18 ? v : `${v} UTC`);
        if (Number.isNaN(time)) time = isoAt(v, 0);
        continue;
      }
      case Role.Action:
        f.set(F.eventAction, snakeCase(v));
        break;
      case Role.Plain:
        break;
    }
    const target = spec.target;
    if (target === undefined || f.get(target) !== undefined) continue;
    if (spec.numeric) {
      const n = toInt(v);
      if (n !== undefined) f.set(target, n);
    } else if ((target === F.sourceIp || target === F.destinationIp) && !isIp(v)) f.set(target === F.sourceIp ? F.sourceAddress : F.destinationAddress, v);
    else f.set(target, v);
  }
  // Custom string fields `cs1=… cs1Label=Name` become `cef.Name`.
  for (const [slot, label] of labels ?? []) {
    const v = f.get(cefName(slot));
    if (v !== undefined) f.set(cefName(label), v);
  }
  if (f.get(F.eventAction) === undefined) f.set(F.eventAction, snakeCase(name) || 'cef_event');
  const o = String(f.get(F.eventOutcome) ?? '').toLowerCase();
  f.set(F.eventOutcome, o === 'success' || o === 'failure' ? o : o.startsWith('fail') ? 'failure' : o.startsWith('succ') ? 'success' : 'unknown');
  return time;
}

export const cefParser: LineParser = {
  name: CEF,
  parse(line): ParsedLine | null {
    if (line.charCodeAt(0) !== 67) return null;
    builder.begin();
    const t = scanCef(line, 0, builder);
    if (t === null) return null;
    const out: ParsedLine = { parser: CEF, fields: builder.build() };
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
    // The syslog header's fields are seeded first: CEF keys that map onto them (process.name…)
    // see them as already set, as when writing into `f` directly.
    builder.begin();
    for (const k in f) builder.set(k, f[k]);
    if (scanCef(m, at, builder) === null) return null;
    builder.assignTo(f);
    return CEF;
  },
};
