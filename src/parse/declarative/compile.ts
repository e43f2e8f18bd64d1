// Makes a checked definition into a parser: the pattern (or template) is compiled with re2js, a
// linear-time engine, because definitions come from users and must not be able to hang the
// engine with a pathological regex.
import { RE2JS } from 're2js';
import type { Fields, FieldValue } from '../../core/event.ts';
import { F } from '../../core/fields.ts';
import type { LineParser, ParseContext, ParsedLine } from '../types.ts';
import type { ProgramParser } from '../formats/program.ts';
import { clfAt, isoAt, isRfc3164At, rfc3164At } from '../formats/time.ts';
import type { ParserDef } from './schema.ts';
import { compileTemplate } from './template.ts';

/** Fields whose values are numbers in the event model. */
const NUMERIC = new Set<string>([
  F.sourcePort, F.destinationPort, F.processPid, F.processPpid, F.httpResponseStatusCode, F.httpResponseBodyBytes,
  F.sourceBytes, F.destinationBytes, F.processExitCode, F.eventSeverity, F.winlogEventId, F.logSyslogPriority,
]);

export interface DeclarativeParser extends LineParser, ProgramParser {
  readonly def: ParserDef;
  /** Programs it applies to (empty: line-level). */
  readonly programs: readonly string[];
  /** Matches `text` (the line, or a syslog message) and adds the fields; false when it does not match. */
  apply(text: string, fields: Fields, now: number): { matched: boolean; time: number };
}

function timeOf(v: string, now: number): number {
  if (/^\d{10}(\.\d{1,6})?$/.test(v)) return Math.round(Number(v) * 1000);
  if (/^\d{13}$/.test(v)) return Number(v);
  if (isRfc3164At(v, 0)) return rfc3164At(v, 0, now);
  const iso = isoAt(v, 0);
  if (!Number.isNaN(iso)) return iso;
  const clf = clfAt(v, 0);
  if (!Number.isNaN(clf)) return clf;
  return Date.parse(v);
}

function value(field: string, v: string): FieldValue {
  if (NUMERIC.has(field) && /^\d{1,15}$/.test(v)) return Number(v);
  return v;
}

/** Compiles a definition; throws (with re2js' reason) when its pattern or template is invalid. */
export function compileDefinition(def: ParserDef): DeclarativeParser {
  let pattern: string;
  let groupFields: Record<string, string>;
  if (def.template !== undefined) {
    const t = compileTemplate(def.template);
    pattern = t.pattern;
    groupFields = { ...t.fields, ...(def.fields ?? {}) };
  } else {
    pattern = def.pattern as string;
    groupFields = { ...(def.fields ?? {}) };
  }
  const re = RE2JS.compile(pattern);
  const groups = Object.keys(re.namedGroups());
  for (const g of groups) if (groupFields[g] === undefined) groupFields[g] = g.replace(/__/g, '.');
  for (const g of Object.keys(def.fields ?? {})) {
    if (!groups.includes(g)) throw new Error(`"fields" names capture group "${g}", which the pattern does not have`);
  }
  const mapped = Object.entries(groupFields).filter(([g]) => groups.includes(g));
  const constants = Object.entries(def.set ?? {});
  const programs = def.program === undefined ? [] : Array.isArray(def.program) ? def.program : [def.program];
  const prefix = def.prefix;
  const contains = def.contains;
  const result = { matched: false, time: NaN };

  function apply(text: string, fields: Fields, now: number): typeof result {
    result.matched = false;
    result.time = NaN;
    if (prefix !== undefined && !text.startsWith(prefix)) return result;
    if (contains !== undefined && !text.includes(contains)) return result;
    const m = re.exec(text);
    if (!m) return result;
    const named = (m as unknown as { groups?: Record<string, string | undefined> }).groups ?? {};
    for (const [g, field] of mapped) {
      const v = named[g];
      if (v === undefined || v === '') continue;
      if (field === F.timestamp) result.time = timeOf(v, now);
      else fields[field] = value(field, v);
    }
    for (const [k, v] of constants) fields[k] = v;
    result.matched = true;
    return result;
  }

  return {
    name: def.name,
    def,
    programs,
    apply,
    parse(line: string, ctx: ParseContext): ParsedLine | null {
      const fields: Fields = {};
      const r = apply(line, fields, ctx.now);
      if (!r.matched) return null;
      const out: ParsedLine = { parser: def.name, fields };
      if (!Number.isNaN(r.time)) out.time = r.time;
      return out;
    },
    parseMessage(message: string, fields: Fields): string | null {
      // Matching works on a scratch object so a miss leaves the syslog fields untouched.
      const scratch: Fields = {};
      const r = apply(message, scratch, Date.now());
      if (!r.matched) return null;
      Object.assign(fields, scratch);
      return def.name;
    },
  };
}
