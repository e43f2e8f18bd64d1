// What an indexed field's column holds: exactly what json_extract(fields, '$."name"') returned
// when the field was read from the JSON (version 1), so queries keep matching the same rows.
import type { FieldValue } from '../../core/event.ts';

export function columnValue(v: FieldValue | undefined): string | number | null {
  if (v === undefined || v === null) return null;
  if (typeof v === 'boolean') return v ? 1 : 0;
  // json_extract gives an array as its (minified) JSON text.
  if (typeof v === 'object') return JSON.stringify(v);
  return v;
}
