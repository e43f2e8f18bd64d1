// An interaction model: ordered rules with ids, descriptions and weights, and the predicate
// declarations that say which facts are derived (OR nodes), primitive (LEAF) or meta (hidden).
// Rule files use plain Datalog with directives:
//   :- primitive(hacl/4).   :- derived(execCode/2).   :- meta(advances/2).
//   :- rule(remote_exploit_server, 'remote exploit of a server program', 1.0).  (annotates the next clause)
//   :- disable(rule_id).     (a tenant layer switching off a global rule)
import { LocatedError } from '../../core/errors.ts';
import type { Clause, Directive, ParsedText } from '../datalog/program.ts';
import { constantText, type Term } from '../datalog/term.ts';
import { resolveLayers, type Layer } from '../../core/layers.ts';
import type { RuleInfo } from '../graph.ts';

export type PredKind = 'primitive' | 'derived' | 'meta';

export interface InteractionRule extends RuleInfo {
  readonly clause: Clause;
}

export interface RuleSet {
  /** Effective rules; `index` is the position here. */
  readonly rules: readonly InteractionRule[];
  readonly kinds: ReadonlyMap<string, PredKind>;
}

/** One layer's content before resolution. */
export interface RuleLayerContent {
  rules: Omit<InteractionRule, 'index'>[];
  declarations: { pred: string; kind: PredKind }[];
  disabled: string[];
}

function predIndicator(t: Term | undefined, d: Directive): string {
  if (t && t.k === 'cmp' && t.functor === '/' && t.args.length === 2) {
    const name = constantText(t.args[0] as Term);
    const arity = constantText(t.args[1] as Term);
    if (name !== undefined && arity !== undefined && /^\d+$/.test(arity)) return `${name}/${arity}`;
  }
  throw new LocatedError('expected a predicate indicator name/arity', { file: d.file, line: d.line });
}

/** Reads one rule file (already parsed) into rules and declarations; rejects bare clauses. */
export function readRuleText(parsed: ParsedText): RuleLayerContent {
  const out: RuleLayerContent = { rules: [], declarations: [], disabled: [] };
  // Directives and clauses are interleaved in the text; pair each clause with the `rule`
  // directive on the closest line above it.
  const annotations = parsed.directives
    .filter((d) => d.term.k === 'cmp' && d.term.functor === 'rule')
    .sort((a, b) => a.line - b.line);
  for (const d of parsed.directives) {
    const t = d.term;
    if (t.k !== 'cmp') throw new LocatedError('unknown directive', { file: d.file, line: d.line });
    if (t.functor === 'primitive' || t.functor === 'derived' || t.functor === 'meta') {
      for (const a of t.args) out.declarations.push({ pred: predIndicator(a, d), kind: t.functor });
    } else if (t.functor === 'disable') {
      for (const a of t.args) {
        const id = constantText(a);
        if (!id) throw new LocatedError('disable(...) takes rule ids', { file: d.file, line: d.line });
        out.disabled.push(id);
      }
    } else if (t.functor !== 'rule') {
      throw new LocatedError(`unknown directive ${t.functor}/${t.args.length}`, { file: d.file, line: d.line });
    }
  }
  const used = new Set<Directive>();
  for (const clause of parsed.clauses) {
    let ann: Directive | undefined;
    for (const d of annotations) if (d.line <= clause.line && !used.has(d)) ann = d;
    if (!ann) {
      throw new LocatedError('a rule needs a `:- rule(id, description, weight).` line before it', { file: clause.file, line: clause.line });
    }
    used.add(ann);
    const [idT, descT, weightT] = (ann.term as Extract<Term, { k: 'cmp' }>).args;
    const id = idT && constantText(idT);
    const desc = descT && constantText(descT);
    const weight = weightT ? Number(constantText(weightT)) : 1;
    if (!id || desc === undefined || !(weight >= 0 && weight <= 1)) {
      throw new LocatedError('rule(...) takes an id, a description and a weight in 0..1', { file: ann.file, line: ann.line });
    }
    out.rules.push({ id, desc, weight, clause });
  }
  return out;
}

type LayerItem = { id: string; rule?: Omit<InteractionRule, 'index'>; decl?: { pred: string; kind: PredKind } };

/** Combines global and tenant layers through the one layering mechanism (src/core/layers.ts). */
export function resolveRuleSet(layers: { name: string; content: RuleLayerContent }[]): RuleSet {
  const resolved = resolveLayers<LayerItem>(
    layers.map((l): Layer<LayerItem> => ({
      name: l.name,
      items: [
        ...l.content.declarations.map((decl) => ({ id: `decl:${decl.pred}`, decl })),
        ...l.content.rules.map((rule) => ({ id: rule.id, rule })),
      ],
      disabled: l.content.disabled,
    })),
    (i) => i.id,
  );
  if (resolved.unknownDisabled.length > 0) {
    const u = resolved.unknownDisabled[0]!;
    throw new Error(`layer ${u.layer} disables unknown interaction rule ${JSON.stringify(u.id)}`);
  }
  const kinds = new Map<string, PredKind>();
  const rules: InteractionRule[] = [];
  for (const { item } of resolved.items) {
    if (item.decl) kinds.set(item.decl.pred, item.decl.kind);
    if (item.rule) rules.push({ ...item.rule, index: rules.length });
  }
  for (const r of rules) {
    if (!kinds.has(r.clause.head.pred)) kinds.set(r.clause.head.pred, 'derived');
  }
  return { rules, kinds };
}
