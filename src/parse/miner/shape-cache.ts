// A cache of line shapes in front of masking. Masking decides by character classes and
// lengths, never by which digit is where; so two lines equal but for their digits mask the
// same way, with values at the same offsets. The shape (digits written as 0) is hashed in one
// pass; on a hit the stored masking plan is replayed (values cut at the stored offsets)
// instead of classifying every token again. The stored shape is compared in full, so a hash
// collision is only a miss.
import { IP_PORT_SEP, WILDCARD } from './mask.ts';
import { PreparedLine, type ReplayedToken } from './prepare.ts';

interface Plan {
  shape: string;
  count: number;
  key: string;
  starts: readonly number[];
  ends: readonly number[];
  /** By token index: how it was masked, with its values' offsets in the line (shared, read-only). */
  masked: readonly (ReplayedToken | undefined)[];
}

const isDigit = (c: number) => c >= 48 && c <= 57;

export function shapeHash(content: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < content.length; i++) {
    const c = content.charCodeAt(i);
    h = Math.imul(h ^ (c >= 48 && c <= 57 ? 48 : c), 0x01000193);
  }
  return h >>> 0;
}

export class ShapeCache {
  private plans = new Map<number, Plan | null>();

  constructor(private readonly maxEntries: number) {}

  /** The line prepared from a stored plan, or null (then prepare it and `learn`). */
  replay(content: string, hash: number): PreparedLine | null {
    const plan = this.plans.get(hash);
    if (plan === undefined || plan === null || !sameShape(content, plan.shape)) return null;
    return new PreparedLine(content, plan.count, plan.key, plan.starts, plan.ends, plan.masked, null);
  }

  /** Stores how `line` was masked, when that can be replayed by offsets. */
  learn(line: PreparedLine, hash: number): void {
    if (this.maxEntries === 0) return;
    if (this.plans.size >= this.maxEntries) this.plans = new Map();
    this.plans.set(hash, planOf(line));
  }
}

function sameShape(content: string, shape: string): boolean {
  if (content.length !== shape.length) return false;
  for (let i = 0; i < content.length; i++) {
    const c = content.charCodeAt(i);
    const s = shape.charCodeAt(i);
    if (c !== s && !(s === 48 && isDigit(c))) return false;
  }
  return true;
}

function planOf(line: PreparedLine): Plan | null {
  const bounds = line.bounds();
  if (bounds === null) return null;
  const masked: (ReplayedToken | undefined)[] = [];
  for (let i = 0; i < line.count; i++) {
    const m = line.mask(i);
    if (m === undefined) continue;
    if (m.values === null || m.types === null) return null;
    const start = bounds.starts[i] as number;
    const raw = line.raw(i);
    const offsets: number[] = [];
    let cursor = 0;
    let rebuilt = '';
    for (const v of m.values) {
      const at = raw.indexOf(v, cursor);
      if (at < 0) return null;
      rebuilt += raw.slice(cursor, at) + WILDCARD;
      offsets.push(start + at, start + at + v.length);
      cursor = at + v.length;
    }
    rebuilt += raw.slice(cursor);
    // Only a plan that rebuilds the masked text exactly is replayable (values found where
    // masking took them, no text dropped or added around them).
    if (rebuilt !== m.text.split(IP_PORT_SEP).join(':')) return null;
    masked[i] = { text: m.text, values: null, types: m.types, offsets };
  }
  return { shape: line.content.replace(/[0-9]/g, '0'), count: line.count, key: line.key, starts: bounds.starts, ends: bounds.ends, masked };
}
