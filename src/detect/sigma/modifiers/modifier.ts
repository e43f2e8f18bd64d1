// The contract of one value modifier: a pure transformation of the item's values and flags.
import type { ItemFlags, ModifierContext, ValueSpec } from '../value-spec.ts';

export interface Modifier {
  readonly name: string;
  /** Returns the new values (one value may expand to several); may set flags; throws ModifierError on misuse. */
  apply(values: ValueSpec[], flags: ItemFlags, ctx: ModifierContext): ValueSpec[];
}

/** A modifier that maps each value independently. */
export function perValue(name: string, fn: (v: ValueSpec, flags: ItemFlags, ctx: ModifierContext) => ValueSpec | ValueSpec[]): Modifier {
  return { name, apply: (values, flags, ctx) => values.flatMap((v) => fn(v, flags, ctx)) };
}
