// A compiled ruleset: detection rules compiled once, indexed by log source (the rules an event's
// log source selects are computed once per distinct log source and cached) with a prefilter
// per group; filters attached to the rules they silence; correlations resolved to their rules.
import { LocatedError, errorMessage } from '../../core/errors.ts';
import { compileDetection } from './compile-rule.ts';
import type { Needle, Predicate } from './compile-item.ts';
import { EvalContext, type DetectEvent } from './detect-event.ts';
import { logsourceKey, logsourceSelects, MappingSet, type EventLogsource } from './mappings.ts';
import { Prefilter } from './prefilter.ts';
import type { CorrelationRule, FilterRule, SigmaDocument, SigmaRule } from './model.ts';
import type { ModifierContext } from './value-spec.ts';

export interface CompiledRule {
  rule: SigmaRule;
  test: Predicate;
  /** Filters (meta filters) whose match silences this rule. */
  filters: { filter: FilterRule; test: Predicate }[];
  /** False when only correlations use the rule (referenced without `generate`). */
  alerts: boolean;
}

export interface RulesetOptions {
  mappings: MappingSet;
  /** Placeholder lists for `expand`, by name. */
  lists?: ReadonlyMap<string, readonly string[]>;
}

interface Group {
  rules: CompiledRule[];
  prefilter: Prefilter;
}

export class Ruleset {
  readonly rules: CompiledRule[] = [];
  readonly correlations: CorrelationRule[] = [];
  readonly filters: FilterRule[] = [];
  readonly errors: LocatedError[] = [];
  /** Non-fatal findings (a filter or correlation naming a rule that is not loaded). */
  readonly warnings: LocatedError[] = [];
  private readonly groups = new Map<string, Group>();
  private readonly needles: Needle[][][] = [];
  private readonly ctx = new EvalContext();
  readonly mappings: MappingSet;

  constructor(documents: readonly SigmaDocument[], options: RulesetOptions) {
    this.mappings = options.mappings;
    const mctx: ModifierContext = { placeholder: (name) => options.lists?.get(name) };
    const filters: FilterRule[] = [];
    for (const doc of documents) {
      if (doc.kind === 'correlation') this.correlations.push(doc);
      else if (doc.kind === 'filter') filters.push(doc);
      else {
        try {
          const c = compileDetection(doc.detection, this.mappings.resolver(doc.logsource), mctx, doc.source);
          this.rules.push({ rule: doc, test: c.test, filters: [], alerts: true });
          this.needles.push(c.needles);
        } catch (err) {
          this.errors.push(located(err, doc));
        }
      }
    }
    const byRef = this.ruleIndex();
    for (const f of filters) {
      let test: Predicate;
      try {
        test = compileDetection(f.detection, this.mappings.resolver(f.logsource), mctx, f.source).test;
      } catch (err) {
        this.errors.push(located(err, f));
        continue;
      }
      this.filters.push(f);
      for (const ref of f.rules) {
        const target = byRef.get(ref);
        if (target) target.filters.push({ filter: f, test });
        else this.warnings.push(new LocatedError(`filter '${f.meta.title}' names rule '${ref}', which is not loaded`, f.source));
      }
    }
    // Rules referenced by correlations only feed them, unless the correlation says `generate`.
    const correlationRefs = new Set(this.correlations.flatMap((c) => c.rules.map((r) => ({ r, generate: c.generate }))).filter((x) => !x.generate).map((x) => x.r));
    const correlationIds = new Set(this.correlations.flatMap((c) => [c.meta.id, c.meta.name].filter(Boolean) as string[]));
    for (const c of this.correlations) {
      for (const ref of c.rules) {
        if (!byRef.has(ref) && !correlationIds.has(ref)) this.warnings.push(new LocatedError(`correlation '${c.meta.title}' refers to rule '${ref}', which is not loaded`, c.source));
      }
    }
    for (const r of this.rules) if (correlationRefs.has(r.rule.meta.id) || (r.rule.meta.name && correlationRefs.has(r.rule.meta.name))) r.alerts = false;
  }

  /** Rules by id and by name. */
  ruleIndex(): Map<string, CompiledRule> {
    const m = new Map<string, CompiledRule>();
    for (const r of this.rules) {
      m.set(r.rule.meta.id, r);
      if (r.rule.meta.name) m.set(r.rule.meta.name, r);
    }
    return m;
  }

  classify(event: DetectEvent): EventLogsource | undefined {
    return event.logsource ? { product: event.logsource.product, service: event.logsource.service, categories: event.logsource.category ? [event.logsource.category] : undefined } : this.mappings.classify(event);
  }

  private group(ls: EventLogsource | undefined): Group {
    const key = ls ? (ls.key ?? logsourceKey(ls)) : '*';
    let g = this.groups.get(key);
    if (!g) {
      const indices: number[] = [];
      this.rules.forEach((r, i) => {
        if (logsourceSelects(r.rule.logsource, ls)) indices.push(i);
      });
      g = { rules: indices.map((i) => this.rules[i] as CompiledRule), prefilter: new Prefilter(indices.map((i) => this.needles[i] ?? [])) };
      this.groups.set(key, g);
    }
    return g;
  }

  /** Rules that match the event and are not silenced by a filter, in ruleset order. */
  match(event: DetectEvent): CompiledRule[] {
    const out: CompiledRule[] = [];
    out.length = this.matchInto(event, out);
    return out;
  }

  /** match() into the first entries of a caller's array (returns how many; entries after them
   *  are stale), so the engine allocates nothing per event and never shortens the array. */
  matchInto(event: DetectEvent, out: CompiledRule[]): number {
    const ctx = this.ctx.reset(event);
    const g = this.group(this.classify(event));
    const n = g.prefilter.findCandidates(ctx);
    const candidates = g.prefilter.candidates;
    let matched = 0;
    for (let k = 0; k < n; k++) {
      const r = g.rules[candidates[k] as number] as CompiledRule;
      if (!r.test(ctx)) continue;
      if (r.filters.length > 0 && r.filters.some((f) => f.test(ctx))) continue;
      out[matched++] = r;
    }
    return matched;
  }
}

function located(err: unknown, doc: SigmaDocument): LocatedError {
  if (err instanceof LocatedError) return err;
  return new LocatedError(errorMessage(err), doc.source);
}
