// Compiles one detection item (`field|mods: values`, or a keyword entry) into a predicate on
// the evaluation context. Modifiers run first (modifiers/), then each typed value becomes a
// test on one scalar of the field, and the tests are ORed (or ANDed with `all`).
import { RE2JS } from 're2js';
import { MODIFIERS } from './modifiers/index.ts';
import { checkRegex, regexFlags } from './modifiers/regex.ts';
import { cidrTest } from './modifiers/cidr.ts';
import { extractTimePart } from './modifiers/time.ts';
import { ANY, normalise, parseSigmaString, literal, type SigmaString } from './sigma-string.ts';
import { compileWildcard } from './wildcard-match.ts';
import { literalPrecheck, requiredLiterals } from './regex-literal.ts';
import { ModifierError, type ItemFlags, type ModifierContext, type ValueSpec } from './value-spec.ts';
import type { EvalContext, FieldAccess } from './detect-event.ts';
import type { DetectionItem } from './model.ts';

export type Predicate = (ctx: EvalContext) => boolean;

/** How a rule's Sigma field names reach event fields (mappings.ts builds it per log source). */
export type FieldResolver = (sigmaField: string) => FieldAccess;

/** A necessary condition for cheap prefiltering: some lowered value of `field` contains `text`. */
export interface Needle {
  access: FieldAccess | null; // null: the keyword haystack
  text: string;
  /** From a whole-value match (`type: EXECVE`): usually a category, seen in many events. */
  exact?: boolean;
}

export interface CompiledItem {
  test: Predicate;
  /** When set, the item can only hold if one of these needles is found (an OR). */
  needles?: Needle[];
}

export function compileItem(item: DetectionItem, resolve: FieldResolver, mctx: ModifierContext): CompiledItem {
  const flags: ItemFlags = { all: false, cased: false, neq: false };
  let values: ValueSpec[] = item.values.map((value) => ({ kind: 'raw', value }));
  for (const name of item.modifiers) {
    const mod = MODIFIERS.get(name);
    if (!mod) throw new ModifierError(`unknown modifier '${name}'`);
    values = mod.apply(values, flags, mctx);
  }
  if (values.length === 0) throw new ModifierError('no values left after the modifiers');
  if (item.field === null) return compileKeywords(values, flags);
  const access = resolve(item.field);
  const caseless = !flags.cased;

  // exists is about the field, not its values.
  if (values.some((v) => v.kind === 'exists')) {
    if (values.length !== 1) throw new ModifierError("'exists' takes a single true or false");
    const want = (values[0] as { value: boolean }).value;
    return { test: (ctx) => (access.get(ctx.event.fields) !== undefined) === want };
  }

  if (flags.timePart) return compileTimePart(values, flags, access);

  const tests = values.map((v) => valueTest(v, caseless, access, resolve));
  const needNull = tests.some((t) => t.kind === 'null');
  const scalarTests = tests.filter((t) => t.kind !== 'null');

  const anyScalar = (ctx: EvalContext, t: ScalarTest): boolean => {
    if (t.kind === 'fieldref') return t.test(ctx);
    const list = ctx.strings(access, t.raw ? false : caseless);
    for (const s of list) if (t.test(s)) return true;
    return false;
  };
  const isNull = (ctx: EvalContext) => {
    const v = access.get(ctx.event.fields);
    return v === undefined || v === null || (Array.isArray(v) && v.length === 0);
  };

  let test: Predicate;
  if (flags.neq) {
    // Different from every value; a missing field is not "different" (nothing to compare).
    test = (ctx) => {
      if (isNull(ctx)) return false;
      for (const t of scalarTests) if (anyScalar(ctx, t)) return false;
      return true;
    };
  } else if (flags.all) {
    test = (ctx) => {
      if (needNull && !isNull(ctx)) return false;
      for (const t of scalarTests) if (!anyScalar(ctx, t)) return false;
      return true;
    };
  } else if (scalarTests.length === 1 && !needNull) {
    const t = scalarTests[0] as ScalarTest;
    if (t.kind === 'string' && !t.raw) {
      const f = t.test;
      test = (ctx) => {
        const list = ctx.strings(access, caseless);
        for (let i = 0; i < list.length; i++) if (f(list[i] as string)) return true;
        return false;
      };
    } else test = (ctx) => anyScalar(ctx, t);
  } else {
    test = (ctx) => {
      if (needNull && isNull(ctx)) return true;
      for (const t of scalarTests) if (anyScalar(ctx, t)) return true;
      return false;
    };
  }

  // Prefilter needles: only for plain positive string matching, where every value needs its text.
  let needles: Needle[] | undefined;
  // Regex literals (raw tests) hold whatever the case; a cased literal pattern is left alone.
  if (!flags.neq && !needNull && scalarTests.every((t) => t.kind === 'string' && t.needles && (caseless || t.raw))) {
    const ts = scalarTests as StringScalar[];
    const of = (t: StringScalar): Needle[] => (t.needles as string[]).map((text) => ({ access, text, exact: t.exact }));
    // all: any one value's needles are necessary; take the value whose shortest needle is longest.
    const shortest = (t: StringScalar) => Math.min(...(t.needles as string[]).map((n) => n.length));
    needles = flags.all ? of(ts.reduce((a, b) => (shortest(b) > shortest(a) ? b : a))) : ts.flatMap(of);
  }
  return { test, needles };
}

/** needles: lowered texts one of which every matching value contains (exact: equals). */
type StringScalar = { kind: 'string'; raw: boolean; test: (s: string) => boolean; needles?: string[]; exact?: boolean };
type ScalarTest = StringScalar | { kind: 'fieldref'; raw: true; test: Predicate };
type ValueTest = ScalarTest | { kind: 'null' };

function valueTest(v: ValueSpec, caseless: boolean, self: FieldAccess, resolve: FieldResolver): ValueTest {
  switch (v.kind) {
    case 'raw': {
      if (v.value === null) return { kind: 'null' };
      const pattern = typeof v.value === 'string' ? parseSigmaString(v.value) : literal(String(v.value));
      return stringTest(pattern, caseless);
    }
    case 'string':
      return stringTest(v.pattern, caseless);
    case 'regex': {
      const re: RE2JS = checkRegex(v.source, regexFlags(v.flags));
      // A substring check first: a value without any of the regex's required literals cannot match.
      const pre = literalPrecheck(v.source, v.flags.i);
      return { kind: 'string', raw: true, test: pre ? (s) => pre(s) && re.test(s) : (s) => re.test(s), needles: requiredLiterals(v.source, v.flags.i) };
    }
    case 'cidr': {
      const inNet = cidrTest([v.cidr]);
      return { kind: 'string', raw: true, test: inNet };
    }
    case 'compare': {
      const { op, value } = v;
      const cmp = op === 'lt' ? (n: number) => n < value : op === 'lte' ? (n: number) => n <= value : op === 'gt' ? (n: number) => n > value : (n: number) => n >= value;
      return { kind: 'string', raw: true, test: (s) => s.trim() !== '' && cmp(Number(s)) };
    }
    case 'fieldref':
      return fieldrefTest(self, resolve(v.field), v.position, caseless);
    case 'exists':
      throw new ModifierError("'exists' cannot be combined with other values");
  }
}

function stringTest(pattern: SigmaString, caseless: boolean): StringScalar {
  const longest = pattern.filter((p): p is string => typeof p === 'string').reduce((a, b) => (b.length > a.length ? b : a), '');
  const exact = pattern.length === 1 && typeof pattern[0] === 'string';
  return { kind: 'string', raw: false, test: compileWildcard(pattern, caseless), needles: longest ? [longest.toLowerCase()] : undefined, exact };
}

function fieldrefTest(self: FieldAccess, other: FieldAccess, position: string, caseless: boolean): ScalarTest {
  return {
    kind: 'fieldref',
    raw: true,
    test: (ctx) => {
      const refs = ctx.strings(other, caseless);
      if (refs.length === 0) return false;
      for (const a of ctx.strings(self, caseless))
        for (const b of refs) {
          if (position === 'exact' ? a === b : position === 'contains' ? a.includes(b) : position === 'startswith' ? a.startsWith(b) : a.endsWith(b)) return true;
        }
      return false;
    },
  };
}

function compileTimePart(values: ValueSpec[], flags: ItemFlags, access: FieldAccess): CompiledItem {
  const part = flags.timePart as NonNullable<ItemFlags['timePart']>;
  const tests = values.map((v): ((n: number) => boolean) => {
    if (v.kind === 'compare') {
      const { op, value } = v;
      return op === 'lt' ? (n) => n < value : op === 'lte' ? (n) => n <= value : op === 'gt' ? (n) => n > value : (n) => n >= value;
    }
    if (v.kind === 'raw' && v.value !== null && v.value !== '' && Number.isFinite(Number(v.value))) {
      const want = Number(v.value);
      return (n) => n === want;
    }
    throw new ModifierError(`'${part}' needs a number or a comparison`);
  });
  const partsOf = (ctx: EvalContext): number[] => {
    const v = access.get(ctx.event.fields);
    const list = Array.isArray(v) ? v : [v];
    const out: number[] = [];
    for (const x of list) {
      if (typeof x !== 'string' && typeof x !== 'number') continue;
      const p = extractTimePart(x, part);
      if (p !== undefined) out.push(p);
    }
    return out;
  };
  const combine = flags.all ? 'every' : 'some';
  const test: Predicate = (ctx) => {
    const parts = partsOf(ctx);
    if (parts.length === 0) return false;
    const hit = tests[combine]((t) => parts.some(t));
    return flags.neq ? !hit : hit;
  };
  return { test };
}

function compileKeywords(values: ValueSpec[], flags: ItemFlags): CompiledItem {
  const caseless = !flags.cased;
  // Full-text search: a keyword matches anywhere in the line unless it anchors itself.
  const tests = values.map((v) => {
    if (v.kind === 'regex') {
      const re = checkRegex(v.source, regexFlags(v.flags));
      return { raw: true, test: (s: string) => re.test(s), needle: undefined as string | undefined };
    }
    if (v.kind !== 'raw' && v.kind !== 'string') throw new ModifierError(`keyword search cannot use a ${v.kind} value`);
    if (v.kind === 'raw' && v.value === null) throw new ModifierError('a keyword cannot be null');
    const pattern = v.kind === 'string' ? v.pattern : typeof v.value === 'string' ? parseSigmaString(v.value) : literal(String(v.value));
    const s = stringTest(v.kind === 'string' ? pattern : normalise([ANY, ...pattern, ANY]), caseless);
    return { raw: false, test: s.test, needle: s.needles?.[0] };
  });
  const one = (ctx: EvalContext, t: (typeof tests)[number]) => {
    for (const s of ctx.keywords(t.raw ? false : caseless)) if (t.test(s)) return true;
    return false;
  };
  const test: Predicate = flags.all ? (ctx) => tests.every((t) => one(ctx, t)) : (ctx) => tests.some((t) => one(ctx, t));
  let needles: Needle[] | undefined;
  if (caseless && tests.every((t) => t.needle)) {
    const ns = tests.map((t) => t.needle as string);
    needles = flags.all ? [{ access: null, text: ns.reduce((a, b) => (b.length > a.length ? b : a)) }] : ns.map((text) => ({ access: null, text }));
  }
  return { test: flags.neq ? (ctx) => !test(ctx) : test, needles: flags.neq ? undefined : needles };
}
