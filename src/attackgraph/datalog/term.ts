// Terms of our Datalog dialect (Prolog syntax): atoms, numbers, variables and compound terms.
// Compound terms appear only as arguments of meta facts such as `attackGoal(execCode(h, _))`;
// rules and facts themselves are flat. Variables carry a numeric id so the tabled evaluator
// can bind them in an array instead of a map.

export interface VarTerm { readonly k: 'var'; readonly id: number; readonly name: string }
export interface AtomTerm { readonly k: 'atom'; readonly name: string }
export interface NumTerm { readonly k: 'num'; readonly text: string }
export interface CmpTerm { readonly k: 'cmp'; readonly functor: string; readonly args: readonly Term[] }
export type Term = VarTerm | AtomTerm | NumTerm | CmpTerm;

export const atom = (name: string): AtomTerm => ({ k: 'atom', name });

/** Whether an atom prints bare in Prolog (`webServer`) or must be quoted (`'/export'`). */
const BARE_ATOM = /^[a-z][a-zA-Z0-9_]*$/;

export function quoteAtom(name: string): string {
  if (BARE_ATOM.test(name) || name === '[]') return name;
  return `'${name.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** The name SWI-Prolog's numbervars gives the n-th variable: A..Z, A1..Z1, ... */
export function varName(n: number): string {
  const letter = String.fromCharCode(65 + (n % 26));
  const round = Math.floor(n / 26);
  return round === 0 ? letter : `${letter}${round}`;
}

/**
 * Prints a term the way MulVAL's graphs label facts (writeq with numbered variables):
 * quoted atoms where needed, no spaces after commas, variables named A, B, ... in order of
 * first appearance. Two variant terms therefore print identically, which makes the label
 * the identity of a fact node.
 */
export function termLabel(t: Term, names: Map<number, string> = new Map()): string {
  switch (t.k) {
    case 'atom':
      return quoteAtom(t.name);
    case 'num':
      return t.text;
    case 'var': {
      let n = names.get(t.id);
      if (n === undefined) {
        n = varName(names.size);
        names.set(t.id, n);
      }
      return n;
    }
    case 'cmp':
      return `${quoteAtom(t.functor)}(${t.args.map((a) => termLabel(a, names)).join(',')})`;
  }
}

export function isGround(t: Term): boolean {
  if (t.k === 'var') return false;
  if (t.k === 'cmp') return t.args.every(isGround);
  return true;
}

/** Constant text of a ground scalar term (atom name or number text); undefined otherwise. */
export function constantText(t: Term): string | undefined {
  if (t.k === 'atom') return t.name;
  if (t.k === 'num') return t.text;
  return undefined;
}
