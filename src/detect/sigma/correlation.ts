// The correlation engine: rule matches (and correlation hits, for chains) go into per-group
// windows; a correlation fires when its condition holds over the window. Sliding windows for
// conditions that only grow true (gt/gte); windows that close `timespan` after their first
// event for conditions with an upper bound (lt/lte/eq/neq/ranges), checked at close or flush.
import type { CorrelationRule } from './model.ts';
import { conditionHolds, judgedOnArrival } from './correlation-condition.ts';
import { emptyAggregates, STATE_LIMITS, type CorrelationSnapshot, type GroupState, type WindowEntry } from './correlation-state.ts';

export interface CorrelationInput {
  /** What the match is known by: the rule's (or correlation's) id and name. */
  refs: readonly string[];
  time: number;
  lines: readonly number[];
  /** A field of the matched event (through the rule's field mapping), as text. */
  value(field: string): string | undefined;
}

export interface CorrelationHit {
  correlation: CorrelationRule;
  group: Record<string, string>;
  groupKey: string;
  /** The aggregated figure that met the condition (count, distinct values, sum, ...). */
  value: number;
  time: number;
  lines: number[];
  /** Whether the hit should alert (false when another correlation consumes it without `generate`). */
  alerts: boolean;
}

/** Chains deeper than this are a loop in the rules, not a detection. */
const MAX_CHAIN = 8;
const MAX_LINES = 1000;
/** Group keys remembered per correlation (groupKey). */
const KEY_CACHE = 10_000;

interface Subscription {
  correlation: CorrelationRule;
  ruleIndex: number;
}

export class CorrelationEngine {
  private readonly byRef = new Map<string, Subscription[]>();
  private readonly consumed = new Set<string>();
  private state: CorrelationSnapshot = {};
  private readonly keys = new Map<CorrelationRule, Map<string, string>>();

  constructor(readonly correlations: readonly CorrelationRule[]) {
    for (const c of correlations) {
      c.rules.forEach((ref, ruleIndex) => {
        const list = this.byRef.get(ref) ?? [];
        list.push({ correlation: c, ruleIndex });
        this.byRef.set(ref, list);
        if (!c.generate) this.consumed.add(ref);
      });
    }
  }

  /** Whether any correlation listens to a rule known by these refs. */
  listens(refs: readonly string[]): boolean {
    return refs.some((r) => this.byRef.has(r));
  }

  onMatch(input: CorrelationInput, depth = 0): CorrelationHit[] {
    const hits: CorrelationHit[] = [];
    if (depth > MAX_CHAIN) return hits;
    // A subscription is listed under one ref only, so only a repeated ref could feed it twice
    // (checked by position rather than with a set: this runs for every match correlations use).
    const refs = input.refs;
    for (let i = 0; i < refs.length; i++) {
      const subs = this.byRef.get(refs[i] as string);
      if (subs === undefined || refs.indexOf(refs[i] as string) < i) continue;
      for (const sub of subs) {
        const hit = this.add(sub, input);
        if (hit) hits.push(hit);
      }
    }
    // Chains: a hit is itself a match for correlations that refer to this correlation.
    if (hits.length > 0) for (const h of [...hits]) hits.push(...this.onMatch(hitAsInput(h), depth + 1));
    return hits;
  }

  /** The correlations listening to a match known by these refs (each once). */
  listeners(refs: readonly string[]): CorrelationRule[] {
    const out = new Set<CorrelationRule>();
    for (const ref of refs) for (const sub of this.byRef.get(ref) ?? []) out.add(sub.correlation);
    return [...out];
  }

  /** The fields correlation `c` reads from a match known by `refs`: its group-by fields and its
   *  condition field, through the aliases. A scale-out worker ships only these values (with
   *  the time) to the correlator, which rebuilds the match from them. */
  inputFields(c: CorrelationRule, refs: readonly string[]): string[] {
    const fields = new Set<string>();
    c.rules.forEach((ruleRef, r) => {
      if (!refs.includes(ruleRef)) return;
      for (const g of c.groupBy) fields.add(groupField(c, g, ruleRef, refs));
      const field = conditionField(c, c.rules[r] as string);
      if (field) fields.add(field);
    });
    return [...fields];
  }

  /** What scale-out partitions correlation `c`'s work by: the values of the group-by fields
   *  common to every correlation chained with it (those it feeds and those feeding it), so a
   *  chain's steps always share a partition and a hit feeds the next step at once, in order.
   *  (No common field: the tenant alone; exact still, one partition for that chain.) */
  partitionKeyOf(c: CorrelationRule, input: CorrelationInput): string {
    const ruleRef = c.rules.find((r) => input.refs.includes(r)) as string;
    return JSON.stringify(this.chainFields(c).map((g) => input.value(groupField(c, g, ruleRef, input.refs)) ?? ''));
  }

  private chainFieldsOf?: Map<CorrelationRule, string[]>;

  private chainFields(c: CorrelationRule): string[] {
    if (!this.chainFieldsOf) {
      // Chains as undirected components: a correlation and every one it refers to.
      const known = new Map<string, CorrelationRule>();
      for (const x of this.correlations) for (const r of [x.meta.id, x.meta.name]) if (r) known.set(r, x);
      const parent = new Map<CorrelationRule, CorrelationRule>(this.correlations.map((x) => [x, x]));
      const find = (x: CorrelationRule): CorrelationRule => {
        while (parent.get(x) !== x) x = parent.get(x) as CorrelationRule;
        return x;
      };
      for (const x of this.correlations) for (const r of x.rules) {
        const y = known.get(r);
        if (y) parent.set(find(x), find(y));
      }
      const common = new Map<CorrelationRule, string[]>();
      for (const x of this.correlations) {
        const root = find(x);
        const had = common.get(root);
        common.set(root, had ? had.filter((g) => x.groupBy.includes(g)) : [...x.groupBy].sort());
      }
      this.chainFieldsOf = new Map(this.correlations.map((x) => [x, common.get(find(x)) as string[]]));
    }
    return this.chainFieldsOf.get(c) ?? [...c.groupBy].sort();
  }

  /** Like onMatch, for the one correlation `correlationId` and without following chains (a
   *  scale-out input names the correlation it is for; its caller follows the chains). */
  onMatchOf(correlationId: string, input: CorrelationInput): CorrelationHit[] {
    const hits: CorrelationHit[] = [];
    const seen = new Set<Subscription>();
    for (const ref of input.refs) {
      for (const sub of this.byRef.get(ref) ?? []) {
        if (sub.correlation.meta.id !== correlationId || seen.has(sub)) continue;
        seen.add(sub);
        const hit = this.add(sub, input);
        if (hit) hits.push(hit);
      }
    }
    return hits;
  }

  /** Closes every window that ends at or before `now` (all windows when omitted) and reports bounded conditions that hold. */
  flush(now = Infinity): CorrelationHit[] {
    const hits: CorrelationHit[] = [];
    for (const c of this.correlations) {
      if (judgedOnArrival(c)) continue;
      const groups = this.state[c.meta.id];
      if (!groups) continue;
      for (const [key, g] of Object.entries(groups)) {
        if (g.entries.length > 0 && g.start + c.timespanMs < now) {
          const hit = this.evaluate(c, key, g, undefined);
          dropGroup(groups, key);
          if (hit) hits.push(hit, ...this.onMatch(hitAsInput(hit), 1));
        }
      }
    }
    return hits;
  }

  snapshot(): CorrelationSnapshot {
    return structuredClone(this.state);
  }

  restore(s: CorrelationSnapshot): void {
    const ids = new Set(this.correlations.map((c) => c.meta.id));
    this.state = {};
    for (const [id, groups] of Object.entries(s)) if (ids.has(id)) this.state[id] = groups;
  }

  private add(sub: Subscription, input: CorrelationInput): CorrelationHit | undefined {
    const c = sub.correlation;
    const ruleRef = c.rules[sub.ruleIndex] as string;
    const group: Record<string, string> = {};
    for (const g of c.groupBy) group[g] = input.value(groupField(c, g, ruleRef, input.refs)) ?? '';
    const key = this.groupKey(c, group);
    const groups = (this.state[c.meta.id] ??= {});
    let g = groups[key];
    const growing = judgedOnArrival(c);
    if (g && !growing && input.time > g.start + c.timespanMs) {
      // The bounded window closed before this event: judge it, then start a new one.
      const closed = this.evaluate(c, key, g, undefined);
      dropGroup(groups, key);
      if (closed) {
        this.push(c, groups, key, group, input, sub.ruleIndex);
        return closed;
      }
    }
    g = this.push(c, groups, key, group, input, sub.ruleIndex);
    if (!growing) return undefined;
    // Sliding window: drop what fell out of the span before judging.
    const from = input.time - c.timespanMs;
    let drop = 0;
    while (drop < g.entries.length && (g.entries[drop] as WindowEntry).t < from) unaccount(g, g.entries[drop++] as WindowEntry);
    if (drop) g.entries.splice(0, drop);
    // temporal_ordered can only complete when its last rule arrives: skip the scan otherwise.
    if (c.type === 'temporal_ordered' && sub.ruleIndex !== c.rules.length - 1 && !c.condition) return undefined;
    const hit = this.evaluate(c, key, g, g.entries[g.entries.length - 1]);
    if (hit) dropGroup(groups, key); // fire once per burst: the next hit needs a fresh window
    return hit;
  }

  /** JSON.stringify of the group-by values in order. The same values give back the same key
   *  string, which V8 has already made a property key: a new string would be hashed and
   *  looked up in its string table on every match before the group could be found. */
  private groupKey(c: CorrelationRule, group: Record<string, string>): string {
    let cache = this.keys.get(c);
    if (!cache) this.keys.set(c, (cache = new Map()));
    const by = c.groupBy;
    let values = by.length === 1 ? (group[by[0] as string] as string) : '';
    // Several values: each prefixed with its length, so no two lists share a text.
    if (by.length !== 1) for (let i = 0; i < by.length; i++) values += `${(group[by[i] as string] as string).length}:${group[by[i] as string]}`;
    let key = cache.get(values);
    if (key === undefined) {
      key = JSON.stringify(by.map((g) => group[g]));
      // Bounded: group values come from events, which an attacker may vary.
      if (cache.size >= KEY_CACHE) cache.clear();
      cache.set(values, key);
    }
    return key;
  }

  private push(c: CorrelationRule, groups: Record<string, GroupState>, key: string, group: Record<string, string>, input: CorrelationInput, r: number): GroupState {
    let g = groups[key];
    if (!g) {
      if (groupCount(groups) >= STATE_LIMITS.groupsPerCorrelation) {
        for (const oldest in groups) {
          dropGroup(groups, oldest);
          break;
        }
      }
      g = groups[key] = { g: group, entries: [], start: input.time, agg: emptyAggregates(c.rules.length) };
      counts.set(groups, groupCount(groups) + 1);
    }
    const entry: WindowEntry = { t: input.time, r, l: [...input.lines] };
    const field = conditionField(c, c.rules[r] as string);
    if (field) {
      const v = input.value(field);
      if (v !== undefined) entry.v = c.type === 'value_sum' || c.type === 'value_avg' ? Number(v) : v;
    }
    g.entries.push(entry);
    account(g, entry);
    if (g.entries.length > STATE_LIMITS.entriesPerGroup) unaccount(g, g.entries.shift() as WindowEntry);
    return g;
  }

  private evaluate(c: CorrelationRule, key: string, g: GroupState, current: WindowEntry | undefined): CorrelationHit | undefined {
    const value = measure(c, g, current);
    if (value === undefined || !conditionHolds(c.condition, value, c.rules.length)) return undefined;
    const lines: number[] = [];
    for (const e of g.entries) for (const l of e.l) if (lines.length < MAX_LINES && !lines.includes(l)) lines.push(l);
    lines.sort((a, b) => a - b);
    const time = g.entries.reduce((t, e) => Math.max(t, e.t), -Infinity);
    const refs = [c.meta.id, c.meta.name].filter(Boolean) as string[];
    return { correlation: c, group: g.g, groupKey: key, value, time, lines, alerts: !refs.some((r) => this.consumed.has(r)) };
  }
}

/** Groups per correlation, kept beside the plain snapshot records: counting their keys on
 *  every new group would cost time proportional to the groups (up to 100,000) per event. */
const counts = new WeakMap<Record<string, GroupState>, number>();

function groupCount(groups: Record<string, GroupState>): number {
  let n = counts.get(groups);
  if (n === undefined) counts.set(groups, (n = Object.keys(groups).length));
  return n;
}

function dropGroup(groups: Record<string, GroupState>, key: string): void {
  if (!(key in groups)) return;
  const n = groupCount(groups);
  delete groups[key];
  counts.set(groups, n - 1);
}

/** The figure a correlation type compares with its condition. */
function measure(c: CorrelationRule, g: GroupState, current: WindowEntry | undefined): number | undefined {
  const a = g.agg;
  switch (c.type) {
    case 'event_count':
      return g.entries.length;
    case 'value_count':
      return a.distinct;
    case 'value_sum':
      return a.nums === 0 ? undefined : a.sum;
    case 'value_avg':
      return a.nums === 0 ? undefined : a.sum / a.nums;
    case 'value_percentile': {
      // How common the arriving event's value is in the window, in percent of the events
      // that have a value: a rare value (condition lte 1) is one seen in <= 1% of them.
      const x = current?.v;
      if (x === undefined) return undefined;
      let withValue = 0;
      for (const k in a.freq) withValue += a.freq[k] as number;
      return (100 * (a.freq[valueKey(x)] ?? 0)) / withValue;
    }
    case 'temporal':
      return a.rulesSeen;
    case 'temporal_ordered': {
      // Longest prefix of the rule list seen in order.
      let next = 0;
      for (const e of g.entries) if (e.r === next) next++;
      return next;
    }
  }
}

function valueKey(v: string | number): string {
  return `v:${typeof v === 'string' ? v.toLowerCase() : v}`;
}

function account(g: GroupState, e: WindowEntry): void {
  const a = g.agg;
  if (e.v !== undefined && e.v !== '') {
    const k = valueKey(e.v);
    const n = a.freq[k] ?? 0;
    if (n === 0) a.distinct++;
    a.freq[k] = n + 1;
    if (typeof e.v === 'number' && Number.isFinite(e.v)) {
      a.sum += e.v;
      a.nums++;
    }
  }
  if ((a.perRule[e.r] ?? 0) === 0) a.rulesSeen++;
  a.perRule[e.r] = (a.perRule[e.r] ?? 0) + 1;
}

function unaccount(g: GroupState, e: WindowEntry): void {
  const a = g.agg;
  if (e.v !== undefined && e.v !== '') {
    const k = valueKey(e.v);
    const n = (a.freq[k] ?? 1) - 1;
    if (n === 0) {
      delete a.freq[k];
      a.distinct--;
    } else a.freq[k] = n;
    if (typeof e.v === 'number' && Number.isFinite(e.v)) {
      a.sum -= e.v;
      a.nums--;
    }
  }
  const r = (a.perRule[e.r] ?? 1) - 1;
  a.perRule[e.r] = r;
  if (r === 0) a.rulesSeen--;
}

/** The event field group-by field `g` of `c` reads in a match of rule `ruleRef` (a match known
 *  by `refs`), through the correlation's aliases. */
function groupField(c: CorrelationRule, g: string, ruleRef: string, refs: readonly string[]): string {
  const alias = c.aliases[g];
  return alias ? (alias[ruleRef] ?? refs.map((r) => alias[r]).find(Boolean) ?? g) : g;
}

/** The event field `c`'s condition reads in a match of rule `ruleRef`, if it reads one. */
function conditionField(c: CorrelationRule, ruleRef: string): string | undefined {
  const field = c.condition?.field;
  if (!field) return undefined;
  const alias = c.aliases[field];
  return alias ? (alias[ruleRef] ?? field) : field;
}

export function hitAsInput(h: CorrelationHit): CorrelationInput {
  return {
    refs: [h.correlation.meta.id, h.correlation.meta.name].filter(Boolean) as string[],
    time: h.time,
    lines: h.lines,
    value: (field) => h.group[field],
  };
}
