// JSON lines. The line is parsed once and the record's shape picks the reader: a CloudTrail
// record, a Windows event, or any other object (fields flattened under `json.`, plus the
// configurable mapping of source paths to event fields). A truncated or non-object line is
// not JSON lines: null, so the pipeline keeps it unparsed.
import type { Fields, FieldValue } from '../../core/event.ts';
import { F, FIELD_PREFIX } from '../../core/fields.ts';
import type { LineParser, ParsedLine } from '../types.ts';
import { isCloudTrailRecord, parseCloudTrailRecord } from './cloudtrail.ts';
import { keyCache } from './names.ts';
import { isIp } from './scan.ts';
import { isoAt, scanned } from './time.ts';
import { isWinlogRecord, parseWinlogRecord } from './winlog.ts';

export const JSON_LINES = 'json';

/** Source path (dotted) → event field. The first path present wins for a field. `@time` is the
 *  event time (ISO text, epoch seconds or milliseconds). */
export type JsonFieldMap = Readonly<Record<string, string>>;

export const DEFAULT_JSON_FIELD_MAP: JsonFieldMap = {
  '@timestamp': '@time', timestamp: '@time', time: '@time', ts: '@time', date: '@time',
  message: F.message, msg: F.message, log: F.message,
  level: F.logLevel, severity: F.logLevel, 'log.level': F.logLevel,
  host: F.hostName, hostname: F.hostName, 'host.name': F.hostName,
  src_ip: F.sourceIp, source_ip: F.sourceIp, client_ip: F.sourceIp, remote_addr: F.sourceIp, srcip: F.sourceIp, 'source.ip': F.sourceIp,
  dest_ip: F.destinationIp, dst_ip: F.destinationIp, 'destination.ip': F.destinationIp,
  user: F.userName, username: F.userName, 'user.name': F.userName,
  action: F.eventAction, 'event.action': F.eventAction, outcome: F.eventOutcome, 'event.outcome': F.eventOutcome,
  method: F.httpRequestMethod, status: F.httpResponseStatusCode, url: F.urlOriginal, user_agent: F.userAgentOriginal,
};

/** True when `v` is `YYYY-MM-DDThh:mm:ss[.frac]` with an explicit `Z` or `±hh:mm` zone: read by
 *  the hand-written scanner, which gives what Date.parse gives for that form at a fraction of its
 *  cost (JSON logs put such a time on every line). Zone-less forms are left to Date.parse. */
function zonedIso(v: string): boolean {
  const n = v.length;
  if (n < 20 || v.charCodeAt(4) !== 45 || v.charCodeAt(10) !== 84) return false;
  if (v.charCodeAt(n - 1) === 90) return true;
  const s = v.charCodeAt(n - 6);
  return (s === 43 || s === 45) && v.charCodeAt(n - 3) === 58;
}

function toTime(v: unknown): number {
  if (typeof v === 'number') return v < 1e11 ? v * 1000 : v;
  if (typeof v === 'string') {
    if (zonedIso(v)) {
      const t = isoAt(v, 0);
      if (!Number.isNaN(t) && scanned.end === v.length) return t;
    }
    if (/^\d{10}(\.\d+)?$/.test(v)) return Number(v) * 1000;
    if (/^\d{13}$/.test(v)) return Number(v);
    return Date.parse(v);
  }
  return NaN;
}

/** A field map compiled for lookup by leaf path: path → target field and its rank (map order). */
interface Mapping {
  field: string;
  rank: number;
}

interface CompiledMap {
  byPath: Map<string, Mapping>;
  /** Top-level key → its `json.` name and mapping, computed once per distinct key. */
  top: (key: string) => { name: string; m: Mapping | undefined };
}

export function compileJsonFieldMap(map: JsonFieldMap): CompiledMap {
  const byPath = new Map<string, Mapping>();
  Object.entries(map).forEach(([path, field], rank) => byPath.set(path, { field, rank }));
  return { byPath, top: keyCache((k) => ({ name: FIELD_PREFIX.json + k, m: byPath.get(k) })) };
}
const MAX_DEPTH = 32;

/** One pass over the record: every leaf is stored under `json.<path>` and, when the map names its
 *  path, copied to the mapped field (the earliest map entry wins for a field). */
function walk(o: Record<string, unknown>, path: string, depth: number, f: Fields, map: CompiledMap, ranks: Record<string, number>, st: { time: number; timeRank: number }): void {
  for (const k in o) {
    const v = o[k];
    const p = path ? path + '.' + k : k;
    if (v !== null && typeof v === 'object' && !Array.isArray(v) && depth < MAX_DEPTH) {
      walk(v as Record<string, unknown>, p, depth + 1, f, map, ranks, st);
      continue;
    }
    let name: string;
    let m: Mapping | undefined;
    if (path) {
      name = FIELD_PREFIX.json + p;
      m = map.byPath.get(p);
    } else {
      const spec = map.top(k);
      name = spec.name;
      m = spec.m;
    }
    const value = v !== null && typeof v === 'object' ? (Array.isArray(v) && v.every((x) => x === null || typeof x !== 'object') ? (v as FieldValue) : JSON.stringify(v)) : (v as FieldValue);
    f[name] = value;
    if (m === undefined || v === null || typeof v === 'object') continue;
    if (m.field === '@time') {
      if (m.rank < st.timeRank) {
        const t = toTime(v);
        if (!Number.isNaN(t)) {
          st.time = t;
          st.timeRank = m.rank;
        }
      }
      continue;
    }
    const prev = ranks[m.field];
    if (prev !== undefined && prev < m.rank) continue;
    if ((m.field === F.sourceIp || m.field === F.destinationIp) && !(typeof v === 'string' && isIp(v))) continue;
    ranks[m.field] = m.rank;
    f[m.field] = m.field === F.httpResponseStatusCode && typeof v === 'string' && /^\d{3}$/.test(v) ? Number(v) : (v as string | number | boolean);
  }
}

export function parseGenericJson(o: Record<string, unknown>, map: CompiledMap): ParsedLine {
  const f: Fields = {};
  const st = { time: NaN, timeRank: Infinity };
  walk(o, '', 0, f, map, {}, st);
  const outcome = f[F.eventOutcome];
  if (outcome !== undefined && outcome !== 'success' && outcome !== 'failure' && outcome !== 'unknown') {
    f['json.outcome_original'] = outcome;
    f[F.eventOutcome] = 'unknown';
  }
  const out: ParsedLine = { parser: JSON_LINES, fields: f };
  if (!Number.isNaN(st.time)) out.time = st.time;
  return out;
}

/** The JSON-lines parser with a field mapping (defaults to DEFAULT_JSON_FIELD_MAP). */
export function createJsonLinesParser(fieldMap: JsonFieldMap = DEFAULT_JSON_FIELD_MAP): LineParser {
  const map = compileJsonFieldMap(fieldMap);
  return {
    name: JSON_LINES,
    parse(line): ParsedLine | null {
      let i = 0;
      while (line.charCodeAt(i) === 32 || line.charCodeAt(i) === 9) i++;
      if (line.charCodeAt(i) !== 123) return null;
      // Cheap truncation check before paying for JSON.parse.
      let e = line.length - 1;
      while (e > i && (line.charCodeAt(e) === 32 || line.charCodeAt(e) === 13 || line.charCodeAt(e) === 9)) e--;
      if (line.charCodeAt(e) !== 125) return null;
      let o: unknown;
      try {
        o = JSON.parse(line);
      } catch {
        return null;
      }
      if (o === null || typeof o !== 'object' || Array.isArray(o)) return null;
      const rec = o as Record<string, unknown>;
      if (isCloudTrailRecord(rec)) return parseCloudTrailRecord(rec);
      if (isWinlogRecord(rec)) return parseWinlogRecord(rec);
      return parseGenericJson(rec, map);
    },
  };
}

