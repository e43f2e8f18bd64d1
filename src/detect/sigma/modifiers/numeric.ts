// lt / lte / gt / gte: numeric comparison of the field with the value.
import { ModifierError, type CompareOp, type ValueSpec } from '../value-spec.ts';
import { perValue } from './modifier.ts';

function compare(op: CompareOp) {
  return perValue(op, (v): ValueSpec => {
    const n = v.kind === 'raw' && v.value !== null && v.value !== '' && typeof v.value !== 'boolean' ? Number(v.value) : NaN;
    if (!Number.isFinite(n)) throw new ModifierError(`'${op}' needs a number, got ${JSON.stringify(v.kind === 'raw' ? v.value : v.kind)}`);
    return { kind: 'compare', op, value: n };
  });
}

export const lt = compare('lt');
export const lte = compare('lte');
export const gt = compare('gt');
export const gte = compare('gte');
