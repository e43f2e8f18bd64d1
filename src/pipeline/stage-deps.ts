// What the parse stage needs from the parse package, as narrow interfaces: the tenant's
// effective parser set (tenant layer, then global) and the tenant's template miner.
import type { MinedLine, ParseContext, ParsedLine } from '../parse/types.ts';

export interface LineParsers {
  parse(line: string, ctx: ParseContext): ParsedLine | null;
}

export interface LineMiner {
  /** Learns from the line and returns its template; throws or returns null when it cannot. */
  add(content: string, time?: number): MinedLine | null;
  snapshot(): unknown;
}

export interface StageDeps {
  parsersFor(tenant: string): LineParsers;
  /** Parsers that only read an envelope (a syslog header) around a message no parser
   *  understood: their message is mined, and the event keeps the envelope's fields. */
  readonly envelopes?: ReadonlySet<string>;
  minerFor(tenant: string): LineMiner;
}
