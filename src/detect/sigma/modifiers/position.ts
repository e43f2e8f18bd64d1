// contains / startswith / endswith: wildcards added around the value (or, on a field
// reference, the position in which the referenced value must appear).
import { ANY, normalise } from '../sigma-string.ts';
import { asSigmaString, ModifierError, type Position, type ValueSpec } from '../value-spec.ts';
import { perValue, type Modifier } from './modifier.ts';

function position(name: Exclude<Position, 'exact'>): Modifier {
  return perValue(name, (v): ValueSpec => {
    if (v.kind === 'fieldref') {
      if (v.position !== 'exact') throw new ModifierError(`'${name}' after '${v.position}' on a field reference`);
      return { ...v, position: name };
    }
    if (v.kind !== 'raw' && v.kind !== 'string') throw new ModifierError(`'${name}' cannot be applied to a ${v.kind} value`);
    const s = asSigmaString(v, name);
    const head = name === 'contains' || name === 'endswith' ? [ANY] : [];
    const tail = name === 'contains' || name === 'startswith' ? [ANY] : [];
    return { kind: 'string', pattern: normalise([...head, ...s, ...tail]) };
  });
}

export const contains = position('contains');
export const startswith = position('startswith');
export const endswith = position('endswith');
