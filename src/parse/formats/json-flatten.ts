// Flattens parsed JSON into dotted field names (`a.b.c`), the shape events store. Arrays of
// scalars stay arrays; arrays holding objects are kept as their JSON text so nothing is lost
// and a field never explodes into thousands of indexed names.
import type { Fields, FieldValue } from '../../core/event.ts';

const MAX_DEPTH = 32;

export function flattenInto(out: Fields, value: unknown, prefix: string, depth = 0): void {
  if (value === null || typeof value !== 'object') {
    if (prefix) out[prefix] = value as FieldValue;
    return;
  }
  if (Array.isArray(value)) {
    if (value.every((v) => v === null || typeof v !== 'object')) out[prefix] = value as FieldValue;
    else out[prefix] = JSON.stringify(value);
    return;
  }
  if (depth >= MAX_DEPTH) {
    out[prefix] = JSON.stringify(value);
    return;
  }
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) flattenInto(out, v, prefix ? `${prefix}.${k}` : k, depth + 1);
}

/** Value at a dotted path of a parsed JSON object (`userIdentity.sessionContext.sessionIssuer.userName`). */
export function at(obj: unknown, path: string): unknown {
  let cur: unknown = obj;
  let start = 0;
  while (cur !== null && typeof cur === 'object') {
    const dot = path.indexOf('.', start);
    const key = dot < 0 ? path.slice(start) : path.slice(start, dot);
    cur = (cur as Record<string, unknown>)[key];
    if (dot < 0) return cur;
    start = dot + 1;
  }
  return undefined;
}

export function str(v: unknown): string | undefined {
  if (typeof v === 'string') return v.length > 0 ? v : undefined;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}
