// The parsed form of a Datalog text: clauses (facts and rules) and directives, each with
// the place it came from so an error can point at the line.
import type { Term } from './term.ts';

export interface Literal {
  /** Predicate key `name/arity`, e.g. `hacl/4`. */
  readonly pred: string;
  readonly name: string;
  readonly args: readonly Term[];
  readonly negated: boolean;
}

export interface Clause {
  readonly head: Literal;
  readonly body: readonly Literal[];
  readonly file?: string;
  readonly line: number;
}

export interface Directive {
  readonly term: Term;
  readonly file?: string;
  readonly line: number;
}

export interface ParsedText {
  readonly clauses: Clause[];
  readonly directives: Directive[];
}

export const predKey = (name: string, arity: number): string => `${name}/${arity}`;

/** Built-in comparison literals a rule body may use; they never become graph nodes. */
export const BUILTINS = new Set(['=/2', '\\=/2']);
