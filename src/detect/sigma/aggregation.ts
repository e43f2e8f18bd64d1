// Old-style aggregation conditions (Sigma 1.x: `selection | count(field) by group > N` with
// `timeframe`, and `a | near b`) are translated on load into a plain detection rule that does
// not alert on its own plus a correlation rule carrying the original id, title and metadata —
// so the rest of the engine knows only correlations.
import { LocatedError } from '../../core/errors.ts';
import type { CorrelationCondition, CorrelationRule, CorrelationType, SigmaDocument, SigmaRule } from './model.ts';
import { parseTimespan } from './timespan.ts';

/** Used when an old rule gives no `timeframe`: a day bounds state and matches how such rules were run in practice. */
export const DEFAULT_TIMEFRAME = '1d';

const AGG = /^\s*(count|sum|avg|min|max)\(\s*([\w.@-]*)\s*\)\s*(?:by\s+([\w.@-]+(?:\s*,\s*[\w.@-]+)*))?\s*(>=|<=|==|!=|=|>|<)\s*(-?\d+(?:\.\d+)?)\s*$/i;
const OPS: Record<string, keyof CorrelationCondition> = { '>': 'gt', '>=': 'gte', '<': 'lt', '<=': 'lte', '=': 'eq', '==': 'eq', '!=': 'neq' };
const TYPES: Record<string, CorrelationType | undefined> = { count: 'event_count', sum: 'value_sum', avg: 'value_avg' };

export function translateAggregation(rule: SigmaRule, timeframe: string | undefined): SigmaDocument[] {
  const { file } = rule.source;
  const line = rule.detection.conditionLine;
  if (rule.detection.conditions.length !== 1) throw new LocatedError('an aggregation condition must be the only condition of the rule', { file, line });
  const text = rule.detection.conditions[0] as string;
  let timespanMs: number;
  try {
    timespanMs = parseTimespan(timeframe ?? DEFAULT_TIMEFRAME);
  } catch (err) {
    throw new LocatedError(`timeframe: ${(err as Error).message}`, { file, line });
  }
  const base = (suffix: string, condition: string): SigmaRule => ({
    ...rule,
    meta: { ...rule.meta, id: `${rule.meta.id}${suffix}`, name: undefined, title: `${rule.meta.title} (${suffix.slice(1)})` },
    detection: { ...rule.detection, conditions: [condition] },
  });
  const correlation = (type: CorrelationType, rules: string[], groupBy: string[], condition?: CorrelationCondition): CorrelationRule => ({
    kind: 'correlation',
    meta: rule.meta,
    type,
    rules,
    groupBy,
    timespanMs,
    condition,
    aliases: {},
    generate: false,
    source: rule.source,
    translatedFrom: text,
  });

  const near = /^(.*?)\|\s*near\s+(.+)$/s.exec(text);
  if (near) {
    const first = base('#search', (near[1] as string).trim());
    const second = base('#near', (near[2] as string).trim());
    return [first, second, correlation('temporal', [first.meta.id, second.meta.id], [])];
  }
  const pipe = text.lastIndexOf('|');
  const search = text.slice(0, pipe).trim();
  const agg = AGG.exec(text.slice(pipe + 1));
  if (pipe < 0 || !agg) throw new LocatedError(`aggregation ${JSON.stringify(text.slice(pipe + 1).trim())} is not of the form count|sum|avg(field) [by field] <op> number`, { file, line });
  const fn = (agg[1] as string).toLowerCase();
  const field = agg[2] || undefined;
  const groupBy = agg[3] ? agg[3].split(',').map((s) => s.trim()) : [];
  let type = TYPES[fn];
  if (fn === 'count' && field) type = 'value_count';
  if (!type) throw new LocatedError(`aggregation function ${fn}() has no correlation equivalent in Sigma 2.1 (count, sum and avg have)`, { file, line });
  if (type !== 'event_count' && !field) throw new LocatedError(`${fn}() needs a field`, { file, line });
  const condition: CorrelationCondition = { [OPS[agg[4] as string] as string]: Number(agg[5]) };
  if (field) condition.field = field;
  const searchRule = base('#search', search);
  return [searchRule, correlation(type, [searchRule.meta.id], groupBy, condition)];
}
