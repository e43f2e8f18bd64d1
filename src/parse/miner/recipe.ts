// How to cut one line shape's parameters for one template, worked out once and then replayed
// for every line of that shape: the parameters' offsets in the line, types and names. Sound
// because everything `mined` decides from a line (masking, the word before a value, a value's
// character classes) is the same for lines that differ only in which digits they hold; the
// one exception, a template affix that itself holds a digit, gets no recipe.
import type { ParamType, TemplateParam } from '../../core/event.ts';
import { WILDCARD } from './mask.ts';
import { paramNames, wordType } from './params.ts';
import type { PreparedLine } from './prepare.ts';
import { ANY, EXACT, type Slot } from './template.ts';

/** The parts of a template a recipe reads (and `names`, which it fills in as `mined` does). */
export interface RecipeTemplate {
  slots: Slot[];
  text: string;
  names: string[] | null;
}

export interface ParamRecipe<C> {
  cluster: C;
  /**
   * The template's names array the recipe was built against. A template's slots never change
   * without its names being reset, so a different array means the recipe is stale.
   */
  names: readonly string[] | null;
  /** Null when this shape's parameters cannot be cut by offsets (the caller takes the long way). */
  types: ParamType[] | null;
  labels: string[];
  from: number[];
  to: number[];
}

/** `port 22`: a number after the word port is a port. */
export function isPortWord(s: string): boolean {
  return s.length === 4 || s.length === 5 ? s.toLowerCase().startsWith('port') : false;
}

function hasDigit(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) return true;
  }
  return false;
}

/**
 * The recipe for template `c` and the plan line `p` (a line of the shape, prepared by replay so
 * that every value has offsets). Mirrors `TemplateMiner.mined` decision for decision.
 */
export function buildRecipe<C extends RecipeTemplate>(c: C, p: PreparedLine): ParamRecipe<C> {
  const types: ParamType[] = [];
  const from: number[] = [];
  const to: number[] = [];
  const none: ParamRecipe<C> = { cluster: c, names: c.names, types: null, labels: [], from, to };
  const b = p.bounds();
  if (b === null) return none;
  for (let i = 0; i < c.slots.length; i++) {
    const s = c.slots[i] as Slot;
    const start = b.starts[i] as number;
    const end = b.ends[i] as number;
    const values = p.valueCount(i);
    const off = values > 0 ? p.offsets(i) : null;
    if (values > 0 && off === null) return none;
    if (s.kind === EXACT) {
      for (let k = 0; k < values; k++) push3(types, from, to, p.type(i, k), (off as number[])[2 * k] as number, (off as number[])[2 * k + 1] as number);
      if (values === 1 && p.maskedText(i) === WILDCARD && p.type(i, 0) === 'number' && i > 0 && isPortWord(p.raw(i - 1))) types[types.length - 1] = 'port';
      continue;
    }
    const raw = p.raw(i);
    const masked = p.maskedText(i);
    const prev = i > 0 ? p.raw(i - 1) : undefined;
    if (s.kind === ANY) {
      if (masked === WILDCARD && values === 1) push3(types, from, to, p.type(i, 0), (off as number[])[0] as number, (off as number[])[1] as number);
      else push3(types, from, to, wordType(raw, prev, ''), start, end);
      continue;
    }
    if (hasDigit(s.text) || hasDigit(s.post)) return none;
    const fits = raw.length >= s.text.length + s.post.length && raw.startsWith(s.text) && raw.endsWith(s.post);
    const a = fits ? start + s.text.length : start;
    const z = fits ? end - s.post.length : end;
    const text = masked ?? raw;
    const mid = text.slice(s.text.length, text.length - s.post.length);
    push3(types, from, to, fits && mid === WILDCARD && values === 1 ? p.type(i, 0) : wordType(raw.slice(a - start, z - start), prev, s.text), a, z);
  }
  if (c.names === null || c.names.length !== types.length) c.names = paramNames(c.text, types);
  const names = c.names;
  const labels: string[] = new Array(types.length);
  for (let k = 0; k < types.length; k++) labels[k] = names[k] ?? `p${k + 1}`;
  return { cluster: c, names, types, labels, from, to };
}

/**
 * One parameter into the recipe's columns. A module function rather than a closure in
 * `buildRecipe`: the tsx build names every closure (a property definition) each time it is made.
 */
function push3(types: ParamType[], from: number[], to: number[], type: ParamType, a: number, z: number): void {
  types.push(type);
  from.push(a);
  to.push(z);
}

/** The parameters of one line of the recipe's shape. */
export function cutParams(content: string, r: ParamRecipe<unknown>): TemplateParam[] {
  const types = r.types as ParamType[];
  const params: TemplateParam[] = new Array(types.length);
  for (let k = 0; k < types.length; k++) {
    params[k] = { name: r.labels[k] as string, type: types[k] as ParamType, value: content.slice(r.from[k], r.to[k]) };
  }
  return params;
}
