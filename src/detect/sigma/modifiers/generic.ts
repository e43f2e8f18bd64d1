// Generic modifiers: they change how values combine (all), compare (cased, neq) or ask only
// whether the field is there (exists).
import { ModifierError } from '../value-spec.ts';
import { perValue, type Modifier } from './modifier.ts';

export const all: Modifier = {
  name: 'all',
  apply(values, flags) {
    flags.all = true;
    return values;
  },
};

export const cased: Modifier = {
  name: 'cased',
  apply(values, flags) {
    flags.cased = true;
    return values;
  },
};

export const neq: Modifier = {
  name: 'neq',
  apply(values, flags) {
    flags.neq = true;
    return values;
  },
};

export const exists = perValue('exists', (v) => {
  if (v.kind === 'raw' && typeof v.value === 'boolean') return { kind: 'exists', value: v.value };
  if (v.kind === 'raw' && (v.value === 'true' || v.value === 'false')) return { kind: 'exists', value: v.value === 'true' };
  throw new ModifierError("'exists' takes true or false");
});
