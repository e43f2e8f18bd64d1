// A cache of line shapes in front of masking. Masking decides by character classes and
// lengths, never by which digit is where; so two lines equal but for their digits mask the
// same way, with values at the same offsets. The shape (digits written as 0) is hashed in one
// pass; on a hit the stored masking plan is replayed (values cut at the stored offsets)
// instead of classifying every token again. The one digit masking reads is a `0` before `x`
// (`0x1f` is hex): such a zero keeps its own mark in the shape. The stored shape is compared in full, so a hash
// collision is only a miss.
//
// A plan also carries what the miner last made of its lines (the cluster they joined and how
// to cut their parameters, see miner.ts): for a repeated shape that is all a line needs.
import { IP_PORT_SEP, WILDCARD } from './mask.ts';
import { PreparedLine, type ReplayedToken } from './prepare.ts';
import type { ParamRecipe } from './recipe.ts';

export interface Plan<C = unknown> {
  shape: string;
  count: number;
  key: string;
  starts: readonly number[];
  ends: readonly number[];
  /** By token index: how it was masked, with its values' offsets in the line (shared, read-only). */
  masked: readonly (ReplayedToken | undefined)[];
  /** The cluster this plan's key maps to, valid while `gen` is the miner's cache generation. */
  cluster: C | null;
  gen: number;
  /** How to cut this shape's parameters for that cluster (built on first use). */
  recipe: ParamRecipe<C> | null;
}

const isDigit = (c: number) => c >= 48 && c <= 57;
const isX = (c: number) => c === 120 || c === 88;
/** The shape's mark for a `0` that starts `0x`. */
const HEX_ZERO = 0xe001;

export function shapeHash(content: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < content.length; i++) {
    const c = content.charCodeAt(i);
    const s = c >= 48 && c <= 57 ? (c === 48 && isX(content.charCodeAt(i + 1)) ? HEX_ZERO : 48) : c;
    h = Math.imul(h ^ s, 0x01000193);
  }
  return h >>> 0;
}

/**
 * Plans in a direct-mapped table indexed by the shape hash: one array read instead of a Map
 * lookup per line; a colliding shape simply replaces the older plan (the bound on memory).
 */
export class ShapeCache<C = unknown> {
  private readonly table: (Plan<C> | undefined)[];
  private readonly mask: number;

  constructor(maxEntries: number) {
    let size = 0;
    if (maxEntries > 0) {
      size = 1;
      while (size < maxEntries) size <<= 1;
    }
    this.table = new Array<Plan<C> | undefined>(size).fill(undefined);
    this.mask = size - 1;
  }

  /** The stored plan for a line of this shape, or null (then prepare it and `learn`). */
  find(content: string, hash: number): Plan<C> | null {
    if (this.table.length === 0) return null;
    const plan = this.table[hash & this.mask];
    return plan !== undefined && sameShape(content, plan.shape) ? plan : null;
  }

  /** The line prepared from a stored plan, or null (then prepare it and `learn`). */
  replay(content: string, hash: number): PreparedLine | null {
    const plan = this.find(content, hash);
    return plan === null ? null : replayLine(content, plan);
  }

  /** Stores how `line` was masked, when that can be replayed by offsets; returns the plan. */
  learn(line: PreparedLine, hash: number): Plan<C> | null {
    if (this.table.length === 0) return null;
    const plan = planOf<C>(line);
    if (plan !== null) this.table[hash & this.mask] = plan;
    return plan;
  }
}

/** A line of a plan's shape as a PreparedLine (for the paths that need one). */
export function replayLine(content: string, plan: Plan<unknown>): PreparedLine {
  return new PreparedLine(content, plan.count, plan.key, plan.starts, plan.ends, plan.masked, null);
}

function sameShape(content: string, shape: string): boolean {
  if (content.length !== shape.length) return false;
  for (let i = 0; i < content.length; i++) {
    const c = content.charCodeAt(i);
    const s = shape.charCodeAt(i);
    if (s === 48 ? !isDigit(c) || (c === 48 && isX(content.charCodeAt(i + 1))) : c !== s && !(s === HEX_ZERO && c === 48)) return false;
  }
  return true;
}

function planOf<C>(line: PreparedLine): Plan<C> | null {
  const bounds = line.bounds();
  if (bounds === null) return null;
  // A digit left in the key (`bglio62`, a word masking keeps) would differ between lines of
  // the shape, and so would their keys: such lines are prepared afresh each time.
  if (hasDigit(line.key)) return null;
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
    // Only a plan that rebuilds the masked text is replayable (values found where masking took
    // them, no text dropped or added around them), but for the one mark masking drops: the `/`
    // Java writes before an address (`/10.0.0.1:2181` is masked `<*>:<*>`).
    if (dropSlashes(rebuilt) !== dropSlashes(m.text.split(IP_PORT_SEP).join(':'))) return null;
    masked[i] = { text: m.text, values: null, types: m.types, offsets };
  }
  return { shape: line.content.replace(/0(?=[xX])/g, String.fromCharCode(HEX_ZERO)).replace(/[0-9]/g, '0'), count: line.count, key: line.key, starts: bounds.starts, ends: bounds.ends, masked, cluster: null, gen: -1, recipe: null };
}

function dropSlashes(text: string): string {
  return text.includes('/' + WILDCARD) ? text.split('/' + WILDCARD).join(WILDCARD) : text;
}

function hasDigit(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (isDigit(s.charCodeAt(i))) return true;
  return false;
}
