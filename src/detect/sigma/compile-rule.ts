// Compiles a detection (rule or filter) once into a predicate tree of closures, with a
// necessary condition ("needles") the ruleset uses to skip rules that cannot match.
import { LocatedError } from '../../core/errors.ts';
import { parseCondition, selectIdentifiers, ConditionError, type Condition } from './condition.ts';
import { compileItem, type FieldResolver, type Needle, type Predicate } from './compile-item.ts';
import { ModifierError, type ModifierContext } from './value-spec.ts';
import type { Detection, SourceRef } from './model.ts';

export interface CompiledDetection {
  test: Predicate;
  /** Null when no cheap necessary condition exists; else the rule can only match if a needle is found. */
  needles: Needle[] | null;
}

interface Part {
  test: Predicate;
  needles: Needle[] | null;
}

const ALWAYS: Part = { test: () => true, needles: null };

/** Picks the most selective necessary condition among ANDed parts: fewest needles, then longest. */
function bestOf(parts: Part[]): Needle[] | null {
  let best: Needle[] | null = null;
  let bestScore = -Infinity;
  for (const p of parts) {
    if (!p.needles) continue;
    const shortest = Math.min(...p.needles.map((n) => n.text.length));
    const score = shortest * 4 - p.needles.length;
    if (shortest >= 2 && score > bestScore) {
      best = p.needles;
      bestScore = score;
    }
  }
  return best;
}

function unionOf(parts: Part[]): Needle[] | null {
  const out: Needle[] = [];
  for (const p of parts) {
    if (!p.needles) return null;
    out.push(...p.needles);
  }
  return out;
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
  return { test, needles: bestOf(parts) };
}

function or(parts: Part[]): Part {
  if (parts.length === 1) return parts[0] as Part;
  const tests = parts.map((p) => p.test);
  const test: Predicate = (ctx) => {
    for (let i = 0; i < tests.length; i++) if ((tests[i] as Predicate)(ctx)) return true;
    return false;
  };
  return { test, needles: unionOf(parts) };
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
            return { test: c.test, needles: c.needles ?? null };
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
        return { test: (ctx) => !inner(ctx), needles: null };
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
    return whole === ALWAYS ? ALWAYS : whole;
  } catch (err) {
    if (err instanceof ConditionError) throw new LocatedError(`condition: ${err.message}`, { file: source.file, line: detection.conditionLine });
    throw err;
  }
}
