// JSON input taken "as it is": an object's keys are field names, nested objects are flattened
// to dotted names (so `userIdentity.sessionContext.sessionIssuer.type` is one lookup), arrays
// of objects contribute every element's values under the same dotted name.
import type { FieldValue } from '../../core/event.ts';
import type { FlatFields } from './detect-event.ts';

type Scalar = string | number | boolean | null;

/** Bounds on one event: deeper or larger input is cut, not allowed to exhaust the engine. */
export const EVENT_LIMITS = { depth: 32, fields: 10_000, valueLength: 65_536 } as const;

export function flattenJson(obj: Record<string, unknown>): FlatFields {
  const out: Record<string, Scalar | Scalar[]> = {};
  let count = 0;
  const put = (key: string, v: Scalar) => {
    if (typeof v === 'string' && v.length > EVENT_LIMITS.valueLength) v = v.slice(0, EVENT_LIMITS.valueLength);
    const prev = out[key];
    if (prev === undefined) {
      if (++count > EVENT_LIMITS.fields) return;
      out[key] = v;
    } else if (Array.isArray(prev)) prev.push(v);
    else out[key] = [prev, v];
  };
  const walk = (prefix: string, v: unknown, depth: number, inArray: boolean) => {
    if (depth > EVENT_LIMITS.depth) return;
    if (v === null || typeof v !== 'object') {
      if (prefix) put(prefix, v === undefined ? null : (v as Scalar));
      return;
    }
    if (Array.isArray(v)) {
      // An empty array is a present field with no values.
      if (v.length === 0 && !inArray && out[prefix] === undefined) out[prefix] = [];
      for (const x of v) walk(prefix, x, depth + 1, true);
      return;
    }
    for (const [k, x] of Object.entries(v)) walk(prefix ? `${prefix}.${k}` : k, x, depth + 1, inArray);
  };
  walk('', obj, 0, false);
  return out as FlatFields;
}

/** Field names that carry the event time in common JSON logs, tried in order. */
const TIME_FIELDS = ['@timestamp', 'timestamp', 'time', 'eventTime', 'Event.System.TimeCreated.#attributes.SystemTime', 'TimeCreated', 'UtcTime', 'ts', 'date'];

export function eventTime(fields: FlatFields): number | undefined {
  for (const f of TIME_FIELDS) {
    const t = toEpochMs(fields[f]);
    if (t !== undefined) return t;
  }
  return undefined;
}

function toEpochMs(v: FieldValue | undefined): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return v < 1e11 ? v * 1000 : v; // seconds vs ms
  if (typeof v !== 'string' || v.length < 8) return undefined;
  if (/^\d+(\.\d+)?$/.test(v)) return toEpochMs(Number(v));
  // "2025-11-26 05:11:27.908" (Sysmon UtcTime) has no zone: it is UTC.
  const iso = /^\d{4}-\d\d-\d\d \d/.test(v) && !/[zZ]|[+-]\d\d:?\d\d$/.test(v) ? v.replace(' ', 'T') + 'Z' : v;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? undefined : t;
}

export interface JsonRecord {
  value: unknown;
  /** 1-based line where the value starts. */
  line: number;
}

/**
 * Splits a text of concatenated JSON values (pretty-printed objects one after another, as
 * SigmaHQ's regression data is) into values with their starting lines.
 */
export function splitConcatenatedJson(text: string): JsonRecord[] {
  const out: JsonRecord[] = [];
  let depth = 0;
  let inString = false;
  let start = -1;
  let line = 1;
  let startLine = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) line++;
    if (inString) {
      if (c === 92) i++; // backslash: skip the escaped char
      else if (c === 34) inString = false;
      continue;
    }
    if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      if (depth === 0) {
        start = i;
        startLine = line;
      }
      depth++;
    } else if (c === 125 || c === 93) {
      depth--;
      if (depth === 0 && start >= 0) {
        out.push({ value: JSON.parse(text.slice(start, i + 1)), line: startLine });
        start = -1;
      } else if (depth < 0) throw new Error(`unbalanced '${String.fromCharCode(c)}' at line ${line}`);
    } else if (depth === 0 && !(c === 32 || c === 9 || c === 10 || c === 13)) {
      throw new Error(`unexpected character at line ${line}: not a JSON object`);
    }
  }
  if (depth !== 0) throw new Error('unterminated JSON value at end of input');
  return out;
}
