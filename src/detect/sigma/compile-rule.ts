// Compiles a detection (rule or filter) once into a predicate tree of closures, with a
// necessary condition ("needles") the ruleset uses to skip rules that cannot match.
import { LocatedError } from '../../core/errors.ts';
import { parseCondition, selectIdentifiers, ConditionError, type Condition } from './condition.ts';
import { compileItem, type FieldResolver, type Needle, type Predicate } from './compile-item.ts';
import { ModifierError, type ModifierContext } from './value-spec.ts';
import type { Detection, SourceRef } from './model.ts';

export interface CompiledDetection {
  test: Predicate;
  /** Alternative necessary conditions: the rule can only match if, for each alternative, one of
   *  its needles is found. Empty when no cheap condition exists. The ruleset picks the most
   *  selective alternative once it knows which needles other rules share (prefilter.ts). */
  needles: Needle[][];
}

interface Part {
  test: Predicate;
  alternatives: Needle[][];
}

/** Keeps a few alternatives, longest shortest-needle first (ties: fewer needles). */
const MAX_ALTERNATIVES = 6;
function localScore(a: Needle[]): number {
  return Math.min(12, Math.min(...a.map((n) => (n.exact ? 6 : n.text.length)))) * 4 - a.length;
}
function trim(alts: Needle[][]): Needle[][] {
  return alts
    .filter((a) => a.length > 0 && a.every((n) => n.text.length >= 2 || (n.exact && n.access)))
    .sort((x, y) => localScore(y) - localScore(x))
    .slice(0, MAX_ALTERNATIVES);
}

function and(parts: Part[]): Part {
  if (parts.length === 1) return parts[0] as Part;
  const tests = parts.map((p) => p.test);
  const test: Predicate =
    tests.length === 2
      ? ((a, b) => (ctx) => a(ctx) && b(ctx))(tests[0] as Predicate, tests[1] as Predicate)
      : (ctx) => {
          for (let i = 0; i < tests.length; i++) if (!(tests[i] as Predicate)(ctx)) return false;
          return true;
        };
  // Any part's necessary condition is necessary for the whole.
  return { test, alternatives: trim(parts.flatMap((p) => p.alternatives)) };
}

function or(parts: Part[]): Part {
  if (parts.length === 1) return parts[0] as Part;
  const tests = parts.map((p) => p.test);
  const test: Predicate = (ctx) => {
    for (let i = 0; i < tests.length; i++) if ((tests[i] as Predicate)(ctx)) return true;
    return false;
  };
  // One of the parts must hold: the union of one condition of each is necessary. Offer a few
  // such unions (each part's k-th choice) so the prefilter can avoid needles many rules share.
  if (parts.some((p) => p.alternatives.length === 0)) return { test, alternatives: [] };
  const depth = Math.max(...parts.map((p) => p.alternatives.length));
  const alternatives: Needle[][] = [];
  for (let k = 0; k < Math.min(depth, MAX_ALTERNATIVES); k++) {
    alternatives.push(parts.flatMap((p) => p.alternatives[Math.min(k, p.alternatives.length - 1)] as Needle[]));
  }
  return { test, alternatives };
}

export function compileDetection(detection: Detection, resolve: FieldResolver, mctx: ModifierContext, source: SourceRef): CompiledDetection {
  const names = [...detection.identifiers.keys()];
  const compiled = new Map<string, Part>();
  for (const [name, ident] of detection.identifiers) {
    const branches = ident.branches.map((items) =>
      and(
        items.map((item) => {
          try {
            const c = compileItem(item, resolve, mctx);
            return { test: c.test, alternatives: c.needles ? trim([c.needles]) : [] };
          } catch (err) {
            if (err instanceof ModifierError) {
              const what = item.field === null ? 'keywords' : [item.field, ...item.modifiers].join('|');
              throw new LocatedError(`${name}: ${what}: ${err.message}`, { file: source.file, line: item.line });
            }
            throw err;
          }
        }),
      ),
    );
    compiled.set(name, or(branches));
  }
  const used = new Set<string>();
  const build = (c: Condition): Part => {
    switch (c.t) {
      case 'id': {
        const p = compiled.get(c.name);
        if (!p) throw new ConditionError(`unknown search identifier '${c.name}'`);
        used.add(c.name);
        return p;
      }
      case 'not': {
        const inner = build(c.item).test;
        return { test: (ctx) => !inner(ctx), alternatives: [] };
      }
      case 'and':
        return and(c.items.map(build));
      case 'or':
        return or(c.items.map(build));
      case 'of': {
        const selected = selectIdentifiers(c.pattern, names);
        if (selected.length === 0) throw new ConditionError(`'${c.pattern ?? 'them'}' matches no search identifier`);
        for (const n of selected) used.add(n);
        const parts = selected.map((n) => compiled.get(n) as Part);
        return c.quantifier === 'all' ? and(parts) : or(parts);
      }
    }
  };
  try {
    const parts = detection.conditions.map((text) => build(parseCondition(text)));
    const whole = parts.length === 1 ? (parts[0] as Part) : or(parts);
    return { test: whole.test, needles: whole.alternatives };
  } catch (err) {
    if (err instanceof ConditionError) throw new LocatedError(`condition: ${err.message}`, { file: source.file, line: detection.conditionLine });
    throw err;
  }
}
