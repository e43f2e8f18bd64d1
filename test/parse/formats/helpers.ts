// A parser set over the shipped global layer, and a one-line parse for the format tests.
import { createParserSet } from '../../../src/parse/index.ts';
import type { ParsedLine } from '../../../src/parse/types.ts';

export const NOW = Date.UTC(2026, 10, 28, 12, 0, 0);
export const set = createParserSet({ tenant: 'default' });

/** Parses one line from a fresh source (no memory of earlier lines). */
let n = 0;
export function parse(line: string, now = NOW): ParsedLine | null {
  return set.parse(line, { tenant: 'default', source: `test-${n++}`, now });
}

export function must(line: string, now = NOW): ParsedLine {
  const r = parse(line, now);
  if (!r) throw new Error(`no parser read: ${line}`);
  return r;
}
