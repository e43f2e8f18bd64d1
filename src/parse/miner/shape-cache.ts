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
import { IP_PORT_SEP, maskToken, WILDCARD } from './mask.ts';
import { PreparedLine, type ReplayedToken } from './prepare.ts';
import type { ParamRecipe } from './recipe.ts';

/**
 * What the miner last made of the lines behind one signature key: the cluster they joined and
 * (the plan keeps how to cut their parameters). A plan is its own link; a plan with digit-bearing words keeps
 * one link per combination of those words (each has its own key).
 */
export interface Link<C = unknown> {
  key: string;
  /** The cluster this key maps to, valid while `gen` is the miner's cache generation. */
  cluster: C | null;
  gen: number;
}

export interface Plan<C = unknown> extends Link<C> {
  /** How to cut this shape's parameters for the cluster last seen (built on first use). */
  recipe: ParamRecipe<C> | null;
  shape: string;
  count: number;
  starts: readonly number[];
  ends: readonly number[];
  /** By token index: how it was masked, with its values' offsets in the line (shared, read-only). */
  masked: readonly (ReplayedToken | undefined)[];
  /**
   * Tokens that masking kept as they are although they hold digits (`bglio62`, `R49-M5-N6`).
   * Their digits stay in the key, and masking may treat another word of the same shape
   * differently, so each such word is masked again per line (through a small per-word cache)
   * and the key is rebuilt from `keyParts` around them. Null when the plan has none.
   */
  volatile: number[] | null;
  /** The key's text between the volatile words (one more than there are such words). */
  keyParts: string[] | null;
  /** Links by the volatile words of a line, joined by NUL. */
  subs: Map<string, Link<C>> | null;
}

// Bounds on the per-plan links and the per-word masking verdicts (each cleared when full).
const MAX_SUBS = 32;
const MAX_WORDS = 16384;

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
  /** Whether masking keeps a digit-bearing word as it is, by word. */
  private words = new Map<string, boolean>();

  constructor(
    maxEntries: number,
    private readonly maxTokenChars: number = Infinity,
  ) {
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
    if (plan === null) return null;
    const link = this.link(content, plan);
    return link === null ? null : replayLine(content, plan, link.key);
  }

  /**
   * The link for a line of the plan's shape; null when one of its digit-bearing words masks
   * otherwise than the plan's did (then the line must be prepared in full).
   */
  link(content: string, plan: Plan<C>): Link<C> | null {
    const volatile = plan.volatile;
    if (volatile === null) return plan;
    let sub = '';
    for (let k = 0; k < volatile.length; k++) {
      const i = volatile[k] as number;
      const word = content.slice(plan.starts[i], plan.ends[i]);
      let kept = this.words.get(word);
      if (kept === undefined) {
        const m = maskToken(word, this.maxTokenChars);
        kept = m.values === null && m.text === word;
        if (this.words.size >= MAX_WORDS) this.words = new Map();
        this.words.set(word, kept);
      }
      if (!kept) return null;
      sub = k === 0 ? word : sub + '\u0000' + word;
    }
    const subs = plan.subs as Map<string, Link<C>>;
    let link = subs.get(sub);
    if (link === undefined) {
      const parts = plan.keyParts as string[];
      let key = parts[0] as string;
      for (let k = 0; k < volatile.length; k++) key += content.slice(plan.starts[volatile[k] as number], plan.ends[volatile[k] as number]) + (parts[k + 1] as string);
      if (subs.size >= MAX_SUBS) subs.clear();
      link = { key, cluster: null, gen: -1 };
      subs.set(sub, link);
    }
    return link;
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
export function replayLine(content: string, plan: Plan<unknown>, key: string): PreparedLine {
  return new PreparedLine(content, plan.count, key, plan.starts, plan.ends, plan.masked, null);
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
  const masked: (ReplayedToken | undefined)[] = [];
  // Digit-bearing words masking kept (see `volatile`), with their places in the key: the key
  // is the line with masked tokens' texts in their place, so a token's place there is its
  // place in the line shifted by what the masked tokens before it grew or shrank.
  let volatile: number[] | null = null;
  let keyParts: string[] | null = null;
  let shift = 0;
  let keyAt = 0;
  for (let i = 0; i < line.count; i++) {
    const m = line.mask(i);
    if (m === undefined) {
      // The general path keeps a masking for every token, plain words included (text = word).
      const raw = line.raw(i);
      const text = line.maskedText(i);
      if (text !== undefined && text !== raw) return null;
      if (!hasDigit(raw)) continue;
      const from = bounds.starts[i] as number;
      const to = bounds.ends[i] as number;
      // Only the fast path's keys are the line with replacements (the general path's are not).
      if (line.key.charCodeAt(0) === 1) return null;
      volatile ??= [];
      keyParts ??= [];
      volatile.push(i);
      keyParts.push(line.key.slice(keyAt, from + shift));
      keyAt = to + shift;
      continue;
    }
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
    shift += m.text.length - raw.length;
  }
  if (keyParts !== null) {
    keyParts.push(line.key.slice(keyAt));
    // The rebuilt key must be the key, and no digit may be left in it but the volatile words'.
    let rebuilt = keyParts[0] as string;
    for (let k = 0; k < (volatile as number[]).length; k++) rebuilt += line.raw((volatile as number[])[k] as number) + (keyParts[k + 1] as string);
    if (rebuilt !== line.key || keyParts.some(hasDigit)) return null;
  } else if (hasDigit(line.key)) return null;
  return { volatile, keyParts, subs: volatile === null ? null : new Map(), shape: line.content.replace(/0(?=[xX])/g, String.fromCharCode(HEX_ZERO)).replace(/[0-9]/g, '0'), count: line.count, key: line.key, starts: bounds.starts, ends: bounds.ends, masked, cluster: null, gen: -1, recipe: null };
}

function dropSlashes(text: string): string {
  return text.includes('/' + WILDCARD) ? text.split('/' + WILDCARD).join(WILDCARD) : text;
}

function hasDigit(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (isDigit(s.charCodeAt(i))) return true;
  return false;
}
