// Reader for our Datalog dialect, which is the Prolog subset MulVAL inputs and rules use:
// `fact(a, 'b', 3).`, `head(X) :- body(X, _), \+ other(X).`, `:- directive(...).`,
// `%` and `/* */` comments. Anything else is a LocatedError with file:line, never a guess.
import { LocatedError } from '../../core/errors.ts';
import type { Term, VarTerm } from './term.ts';
import { predKey, type Clause, type Directive, type Literal, type ParsedText } from './program.ts';

type TokKind = 'atom' | 'qatom' | 'var' | 'num' | 'str' | 'punct' | 'end' | 'eof';
interface Tok { kind: TokKind; text: string; line: number }

const PUNCT = [':-', '\\+', '\\=', '(', ')', ',', '[', ']', '/', '='];

function tokenize(src: string, file: string | undefined): Tok[] {
  const toks: Tok[] = [];
  let i = 0;
  let line = 1;
  const fail = (msg: string): never => {
    throw new LocatedError(msg, { file, line });
  };
  while (i < src.length) {
    const c = src[i] as string;
    if (c === '\n') { line++; i++; continue; }
    if (c === ' ' || c === '\t' || c === '\r') { i++; continue; }
    if (c === '%') { while (i < src.length && src[i] !== '\n') i++; continue; }
    if (c === '/' && src[i + 1] === '*') {
      const end = src.indexOf('*/', i + 2);
      if (end < 0) fail('unterminated /* comment');
      for (let j = i; j < end; j++) if (src[j] === '\n') line++;
      i = end + 2;
      continue;
    }
    if (c === '.' && (i + 1 >= src.length || /[\s%]/.test(src[i + 1] as string))) {
      toks.push({ kind: 'end', text: '.', line });
      i++;
      continue;
    }
    if (c === "'" || c === '"') {
      let j = i + 1;
      let text = '';
      for (;;) {
        if (j >= src.length) fail(`unterminated quoted ${c === "'" ? 'atom' : 'string'}`);
        const d = src[j] as string;
        if (d === '\\') { text += src[j + 1] ?? ''; j += 2; continue; }
        if (d === c) {
          if (src[j + 1] === c) { text += c; j += 2; continue; }
          break;
        }
        if (d === '\n') line++;
        text += d;
        j++;
      }
      toks.push({ kind: c === "'" ? 'qatom' : 'str', text, line });
      i = j + 1;
      continue;
    }
    const num = /^-?\d+(\.\d+)?([eE][+-]?\d+)?/.exec(src.slice(i, i + 40));
    if (num && (c !== '-' || /[\d]/.test(src[i + 1] ?? ''))) {
      toks.push({ kind: 'num', text: num[0], line });
      i += num[0].length;
      continue;
    }
    const ident = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i, i + 256));
    if (ident) {
      const text = ident[0];
      toks.push({ kind: /^[A-Z_]/.test(text) ? 'var' : 'atom', text, line });
      i += text.length;
      continue;
    }
    const p = PUNCT.find((q) => src.startsWith(q, i));
    if (p) { toks.push({ kind: 'punct', text: p, line }); i += p.length; continue; }
    fail(`unexpected character ${JSON.stringify(c)}`);
  }
  toks.push({ kind: 'eof', text: '', line });
  return toks;
}

let nextVarId = 1;
/** Fresh variable ids, unique across every text parsed in this process. */
export function freshVarId(): number {
  return nextVarId++;
}

/** Parses a whole Datalog text. `file` only serves error messages and provenance. */
export function parseDatalog(src: string, file?: string): ParsedText {
  const toks = tokenize(src, file);
  let pos = 0;
  let vars = new Map<string, VarTerm>();
  const peek = (): Tok => toks[pos] as Tok;
  const next = (): Tok => toks[pos++] as Tok;
  const fail = (msg: string, t: Tok = peek()): never => {
    throw new LocatedError(`${msg} (found ${t.kind === 'eof' ? 'end of file' : JSON.stringify(t.text)})`, { file, line: t.line });
  };
  const expect = (text: string): void => {
    const t = next();
    if (t.kind !== 'punct' || t.text !== text) fail(`expected '${text}'`, t);
  };
  const isPunct = (text: string): boolean => peek().kind === 'punct' && peek().text === text;

  function primary(): Term {
    const t = next();
    switch (t.kind) {
      case 'var': {
        if (t.text === '_') return { k: 'var', id: freshVarId(), name: '_' };
        let v = vars.get(t.text);
        if (!v) { v = { k: 'var', id: freshVarId(), name: t.text }; vars.set(t.text, v); }
        return v;
      }
      case 'num':
        return { k: 'num', text: t.text };
      case 'str':
        return { k: 'atom', name: t.text };
      case 'atom':
      case 'qatom': {
        if (isPunct('(')) {
          next();
          const args: Term[] = [term()];
          while (isPunct(',')) { next(); args.push(term()); }
          expect(')');
          return { k: 'cmp', functor: t.text, args };
        }
        return { k: 'atom', name: t.text };
      }
      case 'punct':
        if (t.text === '[') { expect(']'); return { k: 'atom', name: '[]' }; }
        if (t.text === '(') { const inner = term(); expect(')'); return inner; }
        return fail('expected a term', t);
      default:
        return fail('expected a term', t);
    }
  }

  function term(): Term {
    const left = primary();
    // `name/arity` in directives and `X = Y`, `X \= Y` comparisons in rule bodies.
    for (const op of ['/', '=', '\\=']) {
      if (isPunct(op)) { next(); return { k: 'cmp', functor: op, args: [left, primary()] }; }
    }
    return left;
  }

  function literal(): Literal {
    let negated = false;
    if (isPunct('\\+')) { next(); negated = true; }
    else if (peek().kind === 'atom' && peek().text === 'not' && (toks[pos + 1] as Tok).text === '(') {
      next(); expect('(');
      const inner = literal();
      expect(')');
      return { ...inner, negated: !inner.negated };
    }
    const t = peek();
    const tm = term();
    return toLiteral(tm, negated, t);
  }

  function toLiteral(tm: Term, negated: boolean, at: Tok): Literal {
    if (tm.k === 'atom') return { pred: predKey(tm.name, 0), name: tm.name, args: [], negated };
    if (tm.k === 'cmp') return { pred: predKey(tm.functor, tm.args.length), name: tm.functor, args: tm.args, negated };
    return fail('expected a predicate, not a variable or number', at);
  }

  const clauses: Clause[] = [];
  const directives: Directive[] = [];
  while (peek().kind !== 'eof') {
    vars = new Map();
    const start = peek();
    if (isPunct(':-')) {
      next();
      const tm = term();
      const end = next();
      if (end.kind !== 'end') fail("expected '.' after directive", end);
      directives.push({ term: tm, file, line: start.line });
      continue;
    }
    const headTok = peek();
    const headTerm = term();
    const head = toLiteral(headTerm, false, headTok);
    const body: Literal[] = [];
    if (isPunct(':-')) {
      next();
      body.push(literal());
      while (isPunct(',')) { next(); body.push(literal()); }
    }
    const end = next();
    if (end.kind !== 'end') fail("expected ',' or '.' ending the clause", end);
    clauses.push({ head, body, file, line: start.line });
  }
  return { clauses, directives };
}
