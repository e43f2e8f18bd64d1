// re (+ i, m, s): the value is a regular expression, run on re2js so that no rule can make
// matching super-linear. Constructs RE2 lacks (lookaround, backreferences) are refused at load
// with the engine's own reason, so the rule author knows what to rewrite.
import { RE2JS } from 're2js';
import { ModifierError, rawText, type ValueSpec } from '../value-spec.ts';
import { perValue, type Modifier } from './modifier.ts';

export const re = perValue('re', (v): ValueSpec => {
  const source = rawText(v, 're');
  checkRegex(source, 0);
  return { kind: 'regex', source, flags: { i: false, m: false, s: false } };
});

function flag(name: 'i' | 'm' | 's'): Modifier {
  return perValue(name, (v) => {
    if (v.kind !== 'regex') throw new ModifierError(`'${name}' must follow 're'`);
    return { ...v, flags: { ...v.flags, [name]: true } };
  });
}

export const i = flag('i');
export const m = flag('m');
export const s = flag('s');

export function regexFlags(flags: { i: boolean; m: boolean; s: boolean }): number {
  return (flags.i ? RE2JS.CASE_INSENSITIVE : 0) | (flags.m ? RE2JS.MULTILINE : 0) | (flags.s ? RE2JS.DOTALL : 0);
}

export function checkRegex(source: string, flags: number): RE2JS {
  try {
    return RE2JS.compile(source, flags);
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    throw new ModifierError(`regular expression ${JSON.stringify(source)} is not supported by the linear-time engine (RE2 syntax: no lookaround, no backreferences): ${why}`);
  }
}
