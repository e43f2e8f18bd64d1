// Correlation conditions: a map of one or more comparisons, ANDed (`gt: 100, lte: 200` is a range).
import type { CorrelationCondition, CorrelationRule } from './model.ts';

export function conditionHolds(c: CorrelationCondition | undefined, n: number, fallback: number): boolean {
  if (!c) return n >= fallback;
  if (c.gt !== undefined && !(n > c.gt)) return false;
  if (c.gte !== undefined && !(n >= c.gte)) return false;
  if (c.lt !== undefined && !(n < c.lt)) return false;
  if (c.lte !== undefined && !(n <= c.lte)) return false;
  if (c.eq !== undefined && !(n === c.eq)) return false;
  if (c.neq !== undefined && !(n !== c.neq)) return false;
  return true;
}

/**
 * Whether more events can only keep the condition true (gt/gte alone): such conditions are
 * checked as each event arrives. Conditions with an upper bound (lt, lte, eq, neq, ranges) are
 * only meaningful over a whole window, so they are checked when the window closes.
 */
export function growsTrue(c: CorrelationCondition | undefined): boolean {
  if (!c) return true;
  return c.lt === undefined && c.lte === undefined && c.eq === undefined && c.neq === undefined;
}

/** Whether a correlation is judged as each event arrives (else when its window closes).
 *  value_percentile is always judged on arrival: it is about the arriving event's value. */
export function judgedOnArrival(c: CorrelationRule): boolean {
  return c.type === 'value_percentile' || growsTrue(c.condition);
}
