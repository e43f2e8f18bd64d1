// The condition grammar of Sigma rules, parsed into a small tree:
//   or  := and ('or' and)*        and := not ('and' not)*        not := 'not' not | atom
//   atom := '(' or ')' | ('1' | 'any' | 'all') 'of' ('them' | pattern) | identifier
// Precedence (loosest first): or, and, not, x-of, parentheses — as the specification orders them.
// Old-style aggregation (`... | count() by x > 5`) is split off first and parsed by aggregation.ts.

export type Condition =
  | { t: 'id'; name: string }
  | { t: 'and'; items: Condition[] }
  | { t: 'or'; items: Condition[] }
  | { t: 'not'; item: Condition }
  /** `pattern` null means `them`. */
  | { t: 'of'; quantifier: 'any' | 'all'; pattern: string | null };

export class ConditionError extends Error {}

type Token = { kind: 'word' | '(' | ')'; text: string; at: number };

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const re = /\s*(?:(\()|(\))|([^\s()]+))/y;
  let pos = 0;
  while (pos < text.length) {
    re.lastIndex = pos;
    const m = re.exec(text);
    if (!m) {
      if (/^\s*$/.test(text.slice(pos))) break;
      throw new ConditionError(`unexpected character at ${pos + 1}: ${JSON.stringify(text.slice(pos, pos + 10))}`);
    }
    const at = m.index + m[0].length - (m[1] ?? m[2] ?? m[3] ?? '').length;
    if (m[1]) tokens.push({ kind: '(', text: '(', at });
    else if (m[2]) tokens.push({ kind: ')', text: ')', at });
    else if (m[3]) tokens.push({ kind: 'word', text: m[3], at });
    pos = re.lastIndex;
  }
  return tokens;
}

const IDENTIFIER = /^[A-Za-z0-9_.\-*]+$/;
const KEYWORDS = new Set(['and', 'or', 'not', 'of', 'them']);

export function parseCondition(text: string): Condition {
  const agg = /\b(count|sum|avg|min|max)\s*\(/i.exec(text);
  if (agg) throw new ConditionError(`aggregation '${agg[1]}(...)' is only understood after a '|' (\`selection | count() by field > 5\`); write it as a correlation rule`);
  const tokens = tokenize(text);
  let i = 0;
  const peek = () => tokens[i];
  const isWord = (w: string) => {
    const t = tokens[i];
    return t?.kind === 'word' && t.text.toLowerCase() === w;
  };
  const fail = (what: string): never => {
    const t = tokens[i];
    throw new ConditionError(t ? `${what} at position ${t.at + 1} ('${t.text}')` : `${what} at the end of the condition`);
  };

  const parseOr = (): Condition => {
    const items = [parseAnd()];
    while (isWord('or')) {
      i++;
      items.push(parseAnd());
    }
    return items.length === 1 ? (items[0] as Condition) : { t: 'or', items };
  };
  const parseAnd = (): Condition => {
    const items = [parseNot()];
    while (isWord('and')) {
      i++;
      items.push(parseNot());
    }
    return items.length === 1 ? (items[0] as Condition) : { t: 'and', items };
  };
  const parseNot = (): Condition => {
    if (isWord('not')) {
      i++;
      return { t: 'not', item: parseNot() };
    }
    return parseAtom();
  };
  const parseAtom = (): Condition => {
    const t = peek();
    if (!t) return fail('expected a search identifier');
    if (t.kind === '(') {
      i++;
      const inner = parseOr();
      if (peek()?.kind !== ')') fail("expected ')'");
      i++;
      return inner;
    }
    if (t.kind === ')') return fail("unexpected ')'");
    const word = t.text.toLowerCase();
    const next = tokens[i + 1];
    if (next?.kind === 'word' && next.text.toLowerCase() === 'of') {
      if (word !== '1' && word !== 'any' && word !== 'all') fail("expected '1', 'any' or 'all' before 'of'");
      i += 2;
      const target = peek();
      if (target?.kind !== 'word') return fail("expected 'them' or an identifier pattern after 'of'");
      i++;
      const quantifier = word === 'all' ? 'all' : 'any';
      if (target.text.toLowerCase() === 'them') return { t: 'of', quantifier, pattern: null };
      if (!IDENTIFIER.test(target.text) || KEYWORDS.has(target.text.toLowerCase())) fail('expected an identifier pattern');
      return { t: 'of', quantifier, pattern: target.text };
    }
    if (KEYWORDS.has(word)) return fail(`unexpected '${t.text}'`);
    if (!IDENTIFIER.test(t.text) || t.text.includes('*')) return fail('expected a search identifier');
    i++;
    return { t: 'id', name: t.text };
  };

  if (tokens.length === 0) throw new ConditionError('empty condition');
  const tree = parseOr();
  if (i < tokens.length) fail('unexpected token');
  return tree;
}

/** Identifiers an `x of` pattern selects. `them` and patterns skip `_` identifiers unless the pattern itself starts with `_`. */
export function selectIdentifiers(pattern: string | null, names: readonly string[]): string[] {
  if (pattern === null) return names.filter((n) => !n.startsWith('_'));
  const re = new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.\-\\^$+?()[\]{}|]/g, '\\$&')).join('.*')}$`);
  return names.filter((n) => re.test(n) && (!n.startsWith('_') || pattern.startsWith('_')));
}

/** Identifiers a condition refers to (after resolving `x of`). */
export function referencedIdentifiers(c: Condition, names: readonly string[], out = new Set<string>()): Set<string> {
  switch (c.t) {
    case 'id':
      out.add(c.name);
      break;
    case 'not':
      referencedIdentifiers(c.item, names, out);
      break;
    case 'and':
    case 'or':
      for (const x of c.items) referencedIdentifiers(x, names, out);
      break;
    case 'of':
      for (const n of selectIdentifiers(c.pattern, names)) out.add(n);
      break;
  }
  return out;
}
