// Reads an input file into detection events. JSON lines (and JSON arrays or concatenated
// pretty-printed objects) are taken as they are; other formats go through the parse stage's
// ParserSet, with auditd records of one event joined. Events come back in time order (stable,
// so events without a time keep their place after the previous one).
import { readFileSync } from 'node:fs';
import { DEFAULT_TENANT } from '../../core/event.ts';
import { createParserSet, joinAuditRecords, type ParsedLine } from '../../parse/index.ts';
type ParserSet = ReturnType<typeof createParserSet>;
import type { DetectEvent } from './detect-event.ts';
import { eventTime, flattenJson, splitConcatenatedJson } from './json-events.ts';

export interface ReadOptions {
  format: string; // 'auto' | 'jsonl' | a parser name
  tenant?: string;
  dataDir?: string;
  /** Lines no parser reads are reported here (1-based line, reason). */
  onSkip?: (line: number, reason: string) => void;
}

export const MAX_INPUT_BYTES = 2 ** 31 - 1;

/** `text`: the file's content when the caller has read it already (`detect --follow`). */
export function readEvents(file: string, options: ReadOptions, text: string = readFileSync(file, 'utf8')): DetectEvent[] {
  const tenant = options.tenant ?? DEFAULT_TENANT;
  const lines = text.split(/\r?\n/);
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  const events: DetectEvent[] = [];
  const skip = options.onSkip ?? (() => undefined);

  if (options.format === 'jsonl' || options.format === 'auto') {
    const trimmed = text.trimStart();
    // A JSON array, or objects spanning several lines: split the text, keep each value's line.
    const firstLine = lines.find((l) => l.trim() !== '') ?? '';
    if (trimmed.startsWith('[') || (trimmed.startsWith('{') && !isJson(firstLine))) {
      try {
        const records = trimmed.startsWith('[') ? (JSON.parse(text) as unknown[]).map((value, i) => ({ value, line: i + 1 })) : splitConcatenatedJson(text);
        for (const r of records) {
          if (r.value && typeof r.value === 'object' && !Array.isArray(r.value)) events.push(jsonEvent(r.value as Record<string, unknown>, JSON.stringify(r.value), r.line, tenant));
          else skip(r.line, 'not a JSON object');
        }
        return inTimeOrder(events);
      } catch (err) {
        if (options.format === 'jsonl') throw new Error(`input is not JSON lines, a JSON array or concatenated JSON objects: ${(err as Error).message}`, { cause: err });
      }
    }
  }

  return inTimeOrder(parseLines(lines, 1, file, options, lineParsers(options)));
}

/** The parsers of a format (undefined for jsonl), checked once: reused across `parseLines` calls. */
export function lineParsers(options: ReadOptions): ParserSet | undefined {
  const parsers = options.format === 'jsonl' ? undefined : createParserSet({ tenant: options.tenant ?? DEFAULT_TENANT, dataDir: options.dataDir });
  if (parsers && options.format !== 'auto' && !parsers.parsers.some((p) => p.name === options.format)) {
    throw new Error(`unknown format '${options.format}': use auto, jsonl or one of ${parsers.parsers.map((p) => p.name).join(', ')}`);
  }
  return parsers;
}

/** Events of some lines of a file (JSON objects as they are, the rest through the parsers,
 *  auditd records joined), in line order; `firstLine` is the 1-based number of lines[0]. Used
 *  for a whole file and, by `detect --follow`, for each chunk appended to it. */
export function parseLines(lines: readonly string[], firstLine: number, file: string, options: ReadOptions, parsers: ParserSet | undefined): DetectEvent[] {
  const tenant = options.tenant ?? DEFAULT_TENANT;
  const skip = options.onSkip ?? (() => undefined);
  const events: DetectEvent[] = [];
  const parsed: ParsedLine[] = [];
  const lineOf = new Map<ParsedLine | string, number>();
  const rawOf = new Map<ParsedLine | string, string>();
  const now = Date.now();
  lines.forEach((line, i) => {
    const n = firstLine + i;
    if (line.trim() === '') return;
    if (line.startsWith('{')) {
      try {
        const value: unknown = JSON.parse(line);
        if (value && typeof value === 'object' && !Array.isArray(value) && (options.format === 'auto' || options.format === 'jsonl')) {
          events.push(jsonEvent(value as Record<string, unknown>, line, n, tenant));
          return;
        }
      } catch {
        /* not JSON: the parsers may still read it */
      }
    }
    if (!parsers) {
      skip(n, 'not a JSON object (use --format auto or a parser name for other formats)');
      return;
    }
    const p = parsers.parse(line, { tenant, source: file, now });
    if (!p || (options.format !== 'auto' && p.parser !== options.format)) {
      skip(n, p ? `read by parser ${p.parser}, not ${options.format}` : 'no parser reads this line');
      return;
    }
    parsed.push(p);
    lineOf.set(p, n);
    rawOf.set(p, line);
    if (p.joinKey) {
      if (!lineOf.has(p.joinKey)) lineOf.set(p.joinKey, n);
      // Keyword rules search all records of a joined event.
      rawOf.set(p.joinKey, rawOf.has(p.joinKey) ? `${rawOf.get(p.joinKey)}\n${line}` : line);
    }
  });
  for (const p of joinAuditRecords(parsed)) {
    const line = lineOf.get(p) ?? (p.joinKey ? lineOf.get(p.joinKey) : undefined);
    const raw = (p.joinKey ? rawOf.get(p.joinKey) : undefined) ?? rawOf.get(p);
    events.push({ fields: p.fields, raw, time: p.time ?? NaN, tenant, line, parser: p.parser });
  }
  events.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  return events;
}

function isJson(line: string): boolean {
  try {
    JSON.parse(line);
    return true;
  } catch {
    return false;
  }
}

function jsonEvent(obj: Record<string, unknown>, raw: string, line: number, tenant: string): DetectEvent {
  const fields = flattenJson(obj);
  // Keywords search the values, not the JSON text (whose escaping would hide backslashes).
  void raw;
  return { fields, time: eventTime(fields) ?? NaN, tenant, line, parser: 'json' };
}

/** Stable sort by time; events without one take the time of the event before them. */
function inTimeOrder(events: DetectEvent[]): DetectEvent[] {
  let last = 0;
  for (const e of events) {
    if (Number.isNaN(e.time)) e.time = last;
    else last = e.time;
  }
  return events.map((e, i) => ({ e, i })).sort((a, b) => a.e.time - b.e.time || a.i - b.i).map((x) => x.e);
}
