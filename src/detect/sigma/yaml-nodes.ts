// YAML to plain values, keeping each node's line. Sigma needs two things the default YAML
// load loses: the line of every entry (for `file:line` errors) and the exact text of plain
// scalars that YAML would read as numbers in another base (`0x10`, `0o7`, `1e3` stay strings,
// since `LogonId: 0x3e7` means the text, not 999).
import { isMap, isScalar, isSeq, isAlias, type Node, type LineCounter, Scalar } from 'yaml';
import type { RawValue } from './value-spec.ts';

export type Plain = RawValue | Plain[] | { [k: string]: Plain };

const DECIMAL = /^[-+]?(\d+(\.\d*)?|\.\d+)$/;

/** `asText`: detection values keep a number's text (`1.0` stays `1.0`, `007` stays `007`). */
export function scalarValue(node: Scalar, asText = false): RawValue {
  const v = node.value;
  if (v === null || v === undefined) return null;
  if (typeof v === 'number' && asText && typeof node.source === 'string' && node.type === Scalar.PLAIN) return node.source;
  if (typeof v === 'number') {
    // Plain scalars keep their text unless it is an ordinary decimal number.
    if (node.type === Scalar.PLAIN && typeof node.source === 'string' && !DECIMAL.test(node.source)) return node.source;
    return Number.isSafeInteger(v) || !Number.isInteger(v) ? v : String(node.source ?? v);
  }
  if (typeof v === 'bigint') return String(v);
  if (typeof v === 'string' || typeof v === 'boolean') return v;
  return String(v);
}

export function toPlain(node: unknown): Plain {
  if (isAlias(node)) return null;
  if (isScalar(node)) return scalarValue(node);
  if (isSeq(node)) return node.items.map((x) => toPlain(x));
  if (isMap(node)) {
    const out: { [k: string]: Plain } = {};
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? String(scalarValue(pair.key)) : String(toPlain(pair.key));
      out[key] = toPlain(pair.value);
    }
    return out;
  }
  return null;
}

export function lineOf(node: unknown, lc: LineCounter, fallback: number): number {
  const range = (node as Node | null | undefined)?.range;
  return range ? lc.linePos(range[0]).line : fallback;
}
