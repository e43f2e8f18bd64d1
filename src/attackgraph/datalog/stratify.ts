// Stratification: predicates are grouped into strongly connected components of the
// dependency graph and ordered so every component comes after those it depends on. A negated
// dependency inside a component (negation through recursion) has no stratified meaning and is
// rejected with the rule's location.
import { LocatedError } from '../../core/errors.ts';
import type { Clause } from './program.ts';
import { BUILTINS } from './program.ts';

export interface Stratum {
  preds: string[];
  /** Whether some rule of the component uses a predicate of the same component. */
  recursive: boolean;
}

export function stratify(clauses: readonly Clause[]): Stratum[] {
  const deps = new Map<string, Set<string>>();
  const node = (p: string) => {
    let s = deps.get(p);
    if (!s) deps.set(p, (s = new Set()));
    return s;
  };
  for (const c of clauses) {
    const out = node(c.head.pred);
    for (const l of c.body) {
      if (BUILTINS.has(l.pred)) continue;
      node(l.pred);
      out.add(l.pred);
    }
  }
  // Tarjan's algorithm, iterative so deep rule chains cannot overflow the stack.
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const comps: string[][] = [];
  let counter = 0;
  for (const root of deps.keys()) {
    if (index.has(root)) continue;
    const work: { v: string; it: Iterator<string> }[] = [];
    const open = (v: string) => {
      index.set(v, counter);
      low.set(v, counter++);
      stack.push(v);
      onStack.add(v);
      work.push({ v, it: (deps.get(v) as Set<string>).values() });
    };
    open(root);
    while (work.length) {
      const top = work[work.length - 1] as { v: string; it: Iterator<string> };
      const n = top.it.next();
      if (!n.done) {
        const w = n.value;
        if (!index.has(w)) open(w);
        else if (onStack.has(w)) low.set(top.v, Math.min(low.get(top.v) as number, index.get(w) as number));
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.v, Math.min(low.get(parent.v) as number, low.get(top.v) as number));
      if (low.get(top.v) === index.get(top.v)) {
        const comp: string[] = [];
        let w: string;
        do {
          w = stack.pop() as string;
          onStack.delete(w);
          comp.push(w);
        } while (w !== top.v);
        comps.push(comp); // Tarjan emits components dependencies-first.
      }
    }
  }
  const compOf = new Map<string, number>();
  comps.forEach((c, i) => c.forEach((p) => compOf.set(p, i)));
  const recursive = comps.map(() => false);
  for (const c of clauses) {
    const hc = compOf.get(c.head.pred) as number;
    for (const l of c.body) {
      if (BUILTINS.has(l.pred) || compOf.get(l.pred) !== hc) continue;
      recursive[hc] = true;
      if (l.negated) {
        throw new LocatedError(`negation through recursion: ${c.head.pred} depends negatively on ${l.pred} in the same recursive group`, { file: c.file, line: c.line });
      }
    }
  }
  return comps.map((preds, i) => ({ preds, recursive: recursive[i] as boolean }));
}
