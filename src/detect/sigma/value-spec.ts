// What one rule value becomes after its modifiers: a typed expectation on a field's value.
// Modifiers (modifiers/) turn raw YAML values into these; the compiler (compile-item.ts)
// turns these into predicates. Keeping the two apart is what lets every modifier be one
// small entry in a table.
import { parseSigmaString, literal, type SigmaString } from './sigma-string.ts';

export type RawValue = string | number | boolean | null;

export type ValueSpec =
  /** Not yet typed: a plain value becomes a Sigma string (or null) when compiled. */
  | { kind: 'raw'; value: RawValue }
  /** `bytes`: the text pieces hold bytes (one char per byte), made by the utf16 encoders. */
  | { kind: 'string'; pattern: SigmaString; bytes?: boolean }
  | { kind: 'regex'; source: string; flags: { i: boolean; m: boolean; s: boolean } }
  | { kind: 'cidr'; cidr: string }
  | { kind: 'compare'; op: CompareOp; value: number }
  | { kind: 'exists'; value: boolean }
  | { kind: 'fieldref'; field: string; position: Position };

export type CompareOp = 'lt' | 'lte' | 'gt' | 'gte';
export type Position = 'exact' | 'contains' | 'startswith' | 'endswith';
export type TimePart = 'minute' | 'hour' | 'day' | 'week' | 'month' | 'year';

/** Per-item switches set by modifiers that change how values combine or compare, not the values. */
export interface ItemFlags {
  /** Values are ANDed instead of ORed (`all`). */
  all: boolean;
  /** Case-sensitive comparison (`cased`). */
  cased: boolean;
  /** The item holds when the field differs from every value (`neq`). */
  neq: boolean;
  /** Compare a part of the field's date instead of the field (`hour`, `day`, ...). */
  timePart?: TimePart;
}

/** Everything a modifier may consult besides the values: placeholder lists for `expand`. */
export interface ModifierContext {
  placeholder(name: string): readonly string[] | undefined;
}

export class ModifierError extends Error {}

/** A raw value as a Sigma string (numbers and booleans as their text, as Sigma does). */
export function asSigmaString(spec: ValueSpec, modifier: string): SigmaString {
  if (spec.kind === 'string') return spec.pattern;
  if (spec.kind === 'raw') {
    if (spec.value === null) throw new ModifierError(`'${modifier}' cannot be applied to null`);
    return typeof spec.value === 'string' ? parseSigmaString(spec.value) : literal(String(spec.value));
  }
  throw new ModifierError(`'${modifier}' cannot be applied to a ${spec.kind} value`);
}

/** The raw text of a value, for modifiers that take it verbatim (`re`, `cidr`, `fieldref`). */
export function rawText(spec: ValueSpec, modifier: string): string {
  if (spec.kind === 'raw' && spec.value !== null) return String(spec.value);
  throw new ModifierError(`'${modifier}' needs a plain string value${spec.kind === 'raw' ? ', not null' : `, not a ${spec.kind} value (check the modifier order)`}`);
}
