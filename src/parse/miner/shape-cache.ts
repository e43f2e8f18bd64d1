// A cache of line shapes in front of masking. Masking decides by character classes and
// lengths, never by which digit is where; so two lines equal but for their digits mask the
// same way, with values at the same offsets. The shape (digits written as 0) is hashed in one
// pass; on a hit the stored masking plan is replayed (values cut at the stored offsets)
// instead of classifying every token again. The one digit masking reads is a `0` before `x`
// (`0x1f` is hex): such a zero keeps its own mark in the shape. The stored shape is compared in full, so a hash
// collision is only a miss.
//
// Digits masking keeps as text (`ssh2`, `jk2_init()`, `KB3121255`) are part of the key, so a
// line whose kept digits differ from the plan's is a *variant* of it: same tokens, same values,
// its own key (the plan's key and masked texts with the line's digits put in).
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
  /**
   * Digits the key keeps as text (`ssh2`, `jk2_init()`, `KB3121255`), as pairs of offset and
   * char code: a line of the shape shares the plan only when it holds the same digits there.
   */
  fixed: readonly number[];
  /**
   * How a variant's key is cut from the plan's key and the line (built on first use): triples of
   * [from, to) in the key and the offset in the line of the kept digits that fill it.
   */
  keyRuns: number[] | null;
  /**
   * The cluster the last template search for a variant of this plan found, valid while the
   * miner's templates are as they were then (`variantVersion`); null when that search read a
   * kept digit (see miner.ts `noteVariantSearch`).
   */
  variantCluster: C | null;
  variantVersion: number;
  /** Indexes of the tokens holding kept digits (built on first use). */
  keptTokens: number[] | null;
  /** The cluster this plan's key maps to, valid while `gen` is the miner's cache generation. */
  cluster: C | null;
  gen: number;
  /** How to cut this shape's parameters, one recipe per template its lines joined (built on first use, a few kept). */
  recipes: ParamRecipe<C>[] | null;
}

const isDigit = (c: number) => c >= 48 && c <= 57;
/** The shape's mark for a `0` that starts `0x`. */
const HEX_ZERO = 0xe001;

// The two loops below run over every char of every line: written for the common char (not a
// digit, equal to the shape's) to cost one unsigned compare; `(c | 32) === 120` is `x` or `X`
// (NaN past the end gives 32).
export function shapeHash(content: string): number {
  let h = 0x811c9dc5;
  const n = content.length;
  for (let i = 0; i < n; i++) {
    const c = content.charCodeAt(i);
    let s = c;
    if ((c - 48) >>> 0 <= 9) {
      s = 48;
      if (c === 48 && (content.charCodeAt(i + 1) | 32) === 120) s = HEX_ZERO;
    }
    h = Math.imul(h ^ s, 0x01000193);
  }
  return h >>> 0;
}

/**
 * Plans in a table of sets of `WAYS` slots indexed by the shape hash: a few array reads instead
 * of a Map lookup per line. Sets rather than one slot per hash (direct-mapped): on the Loghub
 * stream 13.5k shapes in 65k slots collided often enough (~2.6k shapes sharing a slot) that
 * colliding shapes kept replacing each other, ~8k extra misses per million lines, each a
 * line masked afresh. A full set drops its oldest plan (the bound on memory is unchanged).
 */
export class ShapeCache<C = unknown> {
  private readonly table: (Plan<C> | undefined)[];
  /** The hash of each slot's shape, beside the table: a set is searched without reading the plans it passes over. */
  private readonly hashes: Int32Array;
  private readonly mask: number;
  private readonly ways: number;

  constructor(maxEntries: number) {
    let size = 0;
    if (maxEntries > 0) {
      size = 1;
      while (size < maxEntries) size <<= 1;
    }
    this.table = new Array<Plan<C> | undefined>(size).fill(undefined);
    this.hashes = new Int32Array(size);
    this.ways = Math.min(WAYS, size);
    // The first slot of the hash's set.
    this.mask = (size - 1) & ~(this.ways - 1);
  }

  /** The stored plan for a line of this shape, or null (then prepare it and `learn`). */
  find(content: string, hash: number): Plan<C> | null {
    const at = hash & this.mask;
    const h = hash | 0;
    for (let w = 0; w < this.ways; w++) {
      if (this.hashes[at + w] !== h) continue;
      const plan = this.table[at + w];
      if (plan !== undefined && sameShape(content, plan.shape)) return plan;
    }
    return null;
  }

  /** The line prepared from a stored plan, or null (then prepare it and `learn`). */
  replay(content: string, hash: number): PreparedLine | null {
    const plan = this.find(content, hash);
    if (plan === null) return null;
    return isVariant(content, plan) ? variantLine(content, plan) : replayLine(content, plan);
  }

  /** Stores how `line` was masked, when that can be replayed by offsets; returns the plan. */
  learn(line: PreparedLine, hash: number): Plan<C> | null {
    if (this.ways === 0) return null;
    const plan = planOf<C>(line);
    if (plan === null) return plan;
    // Newest first in its set: the oldest (last) plan goes when the set is full.
    const table = this.table;
    const hashes = this.hashes;
    const at = hash & this.mask;
    for (let w = this.ways - 1; w > 0; w--) {
      table[at + w] = table[at + w - 1];
      hashes[at + w] = hashes[at + w - 1] as number;
    }
    table[at] = plan;
    hashes[at] = hash | 0;
    return plan;
  }
}

/** Slots per set: enough that a few shapes sharing a set do not evict each other. */
const WAYS = 4;

/** A line of a plan's shape as a PreparedLine (for the paths that need one). */
export function replayLine(content: string, plan: Plan<unknown>): PreparedLine {
  return new PreparedLine(content, plan.count, plan.key, plan.starts, plan.ends, plan.masked, null);
}

function sameShape(content: string, shape: string): boolean {
  const n = content.length;
  if (n !== shape.length) return false;
  for (let i = 0; i < n; i++) {
    const c = content.charCodeAt(i);
    const s = shape.charCodeAt(i);
    if (c !== s) {
      // A digit 1–9 where the shape has 0, or the `0` of `0x` where it has its mark.
      if (s === 48 ? (c - 48) >>> 0 > 9 : s !== HEX_ZERO || c !== 48) return false;
    } else if (s === 48 && (content.charCodeAt(i + 1) | 32) === 120) return false; // `0x`: the shape has a plain 0
  }
  return true;
}

/** True when the line (of the plan's shape) holds other digits than the plan where the key keeps them. */
export function isVariant(content: string, plan: Plan<unknown>): boolean {
  const fixed = plan.fixed;
  for (let k = 0; k < fixed.length; k += 2) if (content.charCodeAt(fixed[k] as number) !== fixed[k + 1]) return true;
  return false;
}

/**
 * A variant line of a plan, prepared from it: the plan's key and masked texts with the line's
 * kept digits put in. The key's digits are the kept digits in line order (masking adds none),
 * and so are those of each masked text; an unmasked token's digits are its own.
 */
export function variantLine(content: string, plan: Plan<unknown>): PreparedLine {
  const fixed = plan.fixed;
  let masked = plan.masked;
  let k = 0;
  for (let i = 0; i < plan.count; i++) {
    const m = plan.masked[i];
    if (m === undefined) {
      k += 2 * digitsIn(content, plan.starts[i] as number, plan.ends[i] as number);
      continue;
    }
    const n = digitsIn(m.text, 0, m.text.length);
    if (n === 0) continue;
    const text = redigit(m.text, content, fixed, k);
    k += 2 * n;
    if (text === m.text) continue;
    if (masked === plan.masked) masked = masked.slice();
    (masked as (ReplayedToken | undefined)[])[i] = { text, values: null, types: m.types, offsets: m.offsets };
  }
  return new PreparedLine(content, plan.count, redigit(plan.key, content, fixed, 0), plan.starts, plan.ends, masked, null);
}

/**
 * The key of a variant line, as `variantLine(...).key` gives it: a slice of the key or of the
 * line per run of kept digits, instead of the whole line prepared (a variant whose key is cached
 * needs nothing else).
 */
export function variantKey(content: string, plan: Plan<unknown>): string {
  const runs = (plan.keyRuns ??= keyRuns(plan.key, plan.fixed));
  const key = plan.key;
  let out = '';
  let copied = 0;
  for (let r = 0; r < runs.length; r += 3) {
    const from = runs[r] as number;
    const to = runs[r + 1] as number;
    const at = runs[r + 2] as number;
    out += key.slice(copied, from) + content.slice(at, at + to - from);
    copied = to;
  }
  return out + key.slice(copied);
}

/** Indexes of the plan's tokens that hold a kept digit, in order. */
export function keptTokens(plan: Plan<unknown>): readonly number[] {
  if (plan.keptTokens !== null) return plan.keptTokens;
  const out: number[] = [];
  const fixed = plan.fixed;
  let t = 0;
  for (let k = 0; k < fixed.length; k += 2) {
    const at = fixed[k] as number;
    while (t < plan.count && (plan.ends[t] as number) <= at) t++;
    if (t < plan.count && out[out.length - 1] !== t) out.push(t);
  }
  plan.keptTokens = out;
  return out;
}

/** Runs of the key's digits whose kept digits lie side by side in the line (see `Plan.keyRuns`). */
function keyRuns(key: string, fixed: readonly number[]): number[] {
  const runs: number[] = [];
  let k = 0;
  for (let i = 0; i < key.length; i++) {
    if (!isDigit(key.charCodeAt(i))) continue;
    const at = fixed[k] as number;
    const n = runs.length;
    // The key's digits are the kept ones in line order (see `planOf`): the k-th key digit is the line's at fixed[2k].
    if (n > 0 && runs[n - 2] === i && (runs[n - 1] as number) + i - (runs[n - 3] as number) === at) runs[n - 2] = i + 1;
    else runs.push(i, i + 1, at);
    k += 2;
  }
  return runs;
}

function digitsIn(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) if (isDigit(s.charCodeAt(i))) n++;
  return n;
}

/** `text` with its digits, in order, replaced by the line's at `fixed[k]`, `fixed[k + 2]`… */
function redigit(text: string, content: string, fixed: readonly number[], k: number): string {
  let out = '';
  let copied = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (!isDigit(c)) continue;
    const d = content.charCodeAt(fixed[k] as number);
    k += 2;
    if (d === c) continue;
    out += text.slice(copied, i) + String.fromCharCode(d);
    copied = i + 1;
  }
  return copied === 0 ? text : out + text.slice(copied);
}

/** Offsets and codes of the digits outside every value (`values` holds sorted [from, to) pairs). */
function fixedDigits(content: string, values: readonly number[]): number[] {
  const fixed: number[] = [];
  let v = 0;
  for (let i = 0; i < content.length; i++) {
    const c = content.charCodeAt(i);
    if (!isDigit(c)) continue;
    while (v < values.length && (values[v + 1] as number) <= i) v += 2;
    if (v < values.length && (values[v] as number) <= i) continue;
    fixed.push(i, c);
  }
  return fixed;
}

/** `fixed` of the plans whose key keeps no digit (most): one shared empty list. */
const NO_DIGITS: readonly number[] = [];

function planOf<C>(line: PreparedLine): Plan<C> | null {
  const bounds = line.bounds();
  if (bounds === null) return null;
  // Plans live as long as their shape is in use: their arrays are allocated at their exact size
  // (arrays grown by push keep spare room).
  const masked: (ReplayedToken | undefined)[] = [];
  for (let i = 0; i < line.count; i++) masked.push(undefined);
  const values: number[] = [];
  for (let i = 0; i < line.count; i++) {
    const m = line.mask(i);
    if (m === undefined) continue;
    if (m.values === null || m.types === null) return null;
    const start = bounds.starts[i] as number;
    const raw = line.raw(i);
    const offsets: number[] = [];
    for (let k = 0; k < m.values.length; k++) offsets.push(0, 0);
    let cursor = 0;
    let o = 0;
    let rebuilt = '';
    for (const v of m.values) {
      const at = raw.indexOf(v, cursor);
      if (at < 0) return null;
      rebuilt += raw.slice(cursor, at) + WILDCARD;
      offsets[o++] = start + at;
      offsets[o++] = start + at + v.length;
      cursor = at + v.length;
    }
    rebuilt += raw.slice(cursor);
    // Only a plan that rebuilds the masked text is replayable (values found where masking took
    // them, no text dropped or added around them), but for the one mark masking drops: the `/`
    // Java writes before an address (`/10.0.0.1:2181` is masked `<*>:<*>`).
    if (dropSlashes(rebuilt) !== dropSlashes(m.text.includes(IP_PORT_SEP) ? m.text.split(IP_PORT_SEP).join(':') : m.text)) return null;
    masked[i] = { text: m.text, values: null, types: m.types, offsets };
    for (const o of offsets) values.push(o);
  }
  // A digit left in the key (`bglio62`, a word masking keeps) would differ between lines of the
  // shape, and so would their keys: the plan holds only for lines with the same digits there.
  const fixed = hasDigit(line.key) ? fixedDigits(line.content, values) : NO_DIGITS;
  // Masking adds no digit: the key's digits are the kept ones, one for one (else no plan).
  if (fixed.length > 0 && digitsIn(line.key, 0, line.key.length) * 2 !== fixed.length) return null;
  const shape = shapeOf(line.content);
  flatten(shape);
  // The key too: a plan outlives many collections, and as built its key is a tree of slices.
  flatten(line.key);
  return {
    shape,
    count: line.count, key: line.key, starts: bounds.starts.slice(), ends: bounds.ends.slice(), masked, fixed, keyRuns: null, variantCluster: null, variantVersion: -1, keptTokens: null, cluster: null, gen: -1, recipes: null,
  };
}

/**
 * A string built piece by piece (`+=`) is kept by V8 as a tree of its pieces until it is read;
 * reading a character flattens it in place and frees the pieces. A plan keeps its shape for as
 * long as the shape is in use, so it is read once here (a few hundred bytes per plan).
 */
function flatten(s: string): void {
  if (s.length > 0) s.charCodeAt(s.length - 1);
}

/**
 * The line with every digit written `0`, but the `0` of `0x` marked (as `shapeHash` reads it).
 * Two native replaces, the mark first (a `5x` is a plain digit: only a zero before `x` is marked),
 * instead of a string built digit by digit.
 */
function shapeOf(content: string): string {
  return content.replace(HEX_ZERO_RE, HEX_ZERO_MARK).replace(NONZERO_DIGIT_RE, '0');
}

const HEX_ZERO_RE = /0(?=[xX])/g;
const NONZERO_DIGIT_RE = /[1-9]/g;
const HEX_ZERO_MARK = String.fromCharCode(HEX_ZERO);

function dropSlashes(text: string): string {
  return text.includes('/' + WILDCARD) ? text.split('/' + WILDCARD).join(WILDCARD) : text;
}

function hasDigit(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (isDigit(s.charCodeAt(i))) return true;
  return false;
}
