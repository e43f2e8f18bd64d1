// Fact sinks that feed generated or converted facts to an evaluator: straight into the
// bottom-up engine's integer tuples, or as clauses for the tabled evaluator.
import type { FactSink } from '../synthetic.ts';
import type { BottomUpEngine } from './seminaive.ts';
import type { Relation } from './relation.ts';
import type { Clause } from './program.ts';
import type { Term } from './term.ts';

export function engineSink(e: BottomUpEngine): FactSink {
  const rels = new Map<string, Relation>();
  const bufs = [0, 1, 2, 3, 4, 5, 6, 7, 8].map((k) => new Int32Array(k));
  return {
    sym: (x) => (typeof x === 'number' ? e.symbols.intern(String(x), true) : e.symbols.intern(x)),
    fact: (pred, args) => {
      let rel = rels.get(pred);
      if (!rel) rels.set(pred, (rel = e.relation(pred, args.length)));
      const buf = bufs[args.length] ?? new Int32Array(args.length);
      buf.set(args);
      e.addTuple(rel, buf);
    },
    expect: (pred, arity, n) => {
      e.relation(pred, arity).reserve(n);
      e.reserveFacts(n);
    },
  };
}

/** Collects facts as clauses (for the tabled evaluator and for writing `.P` files). */
export function clauseSink(out: Clause[]): FactSink {
  const terms: Term[] = [];
  return {
    sym: (x) => {
      terms.push(typeof x === 'number' ? { k: 'num', text: String(x) } : { k: 'atom', name: x });
      return terms.length - 1;
    },
    fact: (pred, args) => {
      out.push({ head: { pred: `${pred}/${args.length}`, name: pred, args: args.map((a) => terms[a] as Term), negated: false }, body: [], line: 0 });
    },
  };
}
