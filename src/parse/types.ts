// Contracts between the parse stage's parts: the format parsers (formats/), the template
// miner (miner/) and the pipeline that runs them in order (tenant parsers, global parsers,
// then the miner). Each part codes against these types, not against the others' internals.
import type { Fields, TemplateParam } from '../core/event.ts';

export interface ParseContext {
  tenant: string;
  source: string;
  /** Ingest time (epoch ms): the event time when the line carries none, and the reference
   *  year for formats without one (RFC 3164 syslog). */
  now: number;
}

/** What a parser makes of one line. */
export interface ParsedLine {
  /** Name of the parser that matched (for layered parsers, the winning definition's name). */
  parser: string;
  /** Event time from the line, epoch ms, when it carries one. */
  time?: number;
  fields: Fields;
  /** For multi-line formats (auditd records of one event): a key that joins this line
   *  with others into one event; the joiner in the pipeline merges lines sharing it. */
  joinKey?: string;
}

/** A parser of one known format. `parse` returns null when the line is not of its format;
 *  it must be cheap to reject (check a prefix or a character before any regex). */
export interface LineParser {
  readonly name: string;
  parse(line: string, ctx: ParseContext): ParsedLine | null;
}

/** What the template miner makes of one line's content. */
export interface MinedLine {
  /** Stable id for the life of the template, even as its text generalises. */
  templateId: string;
  /** Template text with `<*>` for each parameter. */
  template: string;
  params: TemplateParam[];
}
