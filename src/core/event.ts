// The one currency of the pipeline: a log line made into a structured event.
import type { FieldName } from './fields.ts';

/** A field value as it is stored: scalars, or arrays of scalars (e.g. `process.args`). */
export type FieldValue = string | number | boolean | null | readonly (string | number | boolean | null)[];

/**
 * Flat map of dotted field names to values. Known names come from `F` (fields.ts);
 * format-specific fields keep their own names under a prefix (`aws.cloudtrail.…`).
 * Flat rather than nested so a Sigma field like `userIdentity.sessionContext.sessionIssuer.type`
 * is one lookup and the store can index any field by name.
 */
export type Fields = { [name: string]: FieldValue | undefined } & { [K in FieldName]?: FieldValue };

/** Parser name given to lines that no parser and no template could structure. */
export const UNPARSED = 'unparsed';
/** Parser name given to lines structured by the online template miner. */
export const MINED = 'template';

/** A typed variable of a mined template (`<*>` in the template text). */
export type ParamType =
  | 'ip'
  | 'ipv6'
  | 'port'
  | 'number'
  | 'hex'
  | 'path'
  | 'url'
  | 'uuid'
  | 'time'
  | 'user'
  | 'host'
  | 'mac'
  | 'email'
  | 'word';

export interface TemplateParam {
  /** Attribute name (e.g. `ip`, `user`, `port_2`), unique within the template. */
  name: string;
  type: ParamType;
  value: string;
}

export interface Event {
  /** Stable identity: tenant, source and position in the source, so a replay deduplicates. */
  id: string;
  tenant: string;
  /** Where the line came from: a file path, `stdin`, `syslog-udp:127.0.0.1:514`, `http`. */
  source: string;
  /** Event time in epoch milliseconds (from the line when it carries one, else ingest time). */
  time: number;
  /** Ingest time in epoch milliseconds. */
  ingested: number;
  /** The line exactly as received (after framing); always kept. */
  raw: string;
  /** Name of the parser that structured the line, `template` when mined, `unparsed` otherwise. */
  parser: string;
  templateId?: string;
  templateParams?: TemplateParam[];
  fields: Fields;
}

/** A line that could not be made into an event, kept with the reason so nothing is lost. */
export interface UnparsedRecord {
  id: string;
  tenant: string;
  source: string;
  ingested: number;
  /** The raw bytes as text (invalid UTF-8 replaced), possibly truncated to the store's bound. */
  raw: string;
  reason: string;
  /** Byte length of the original line before any truncation. */
  length: number;
}

export const DEFAULT_TENANT = 'default';
