// fieldref: the value names another field of the same event; the item compares the two fields.
import { rawText, type ValueSpec } from '../value-spec.ts';
import { perValue } from './modifier.ts';

export const fieldref = perValue('fieldref', (v): ValueSpec => ({ kind: 'fieldref', field: rawText(v, 'fieldref'), position: 'exact' }));
