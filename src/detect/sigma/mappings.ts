// Field mappings and log-source classification, one YAML document per source (config/mappings/,
// overridable by id in a tenant's mappings/ folder). A mapping says how to recognise events of
// a log source (`classify`) and how Sigma field names reach our event fields for rules of that
// log source (`fields`, `prefixes`), so SigmaHQ rules run on our parsed events as written.
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { LocatedError } from '../../core/errors.ts';
import type { FieldValue } from '../../core/event.ts';
import { fieldAccess, type DetectEvent, type FieldAccess, type FlatFields } from './detect-event.ts';
import type { Logsource } from './model.ts';
import type { FieldResolver } from './compile-item.ts';

const strings = z.union([z.string().transform((s) => [s]), z.array(z.string())]);
const logsourceSchema = z.object({ product: z.string().optional(), category: z.string().optional(), service: z.string().optional() }).strict();

const deriveSchema = z.object({ from: strings, values: z.record(z.string(), strings) }).strict();

export const mappingSchema = z
  .object({
    id: z.string().min(1),
    description: z.string().optional(),
    /** The log source these events are and whose rules the field names below serve. */
    logsource: logsourceSchema,
    /** How to recognise an event of this source; all given tests must hold. Absent: never classifies. */
    classify: z
      .object({
        parser: strings.optional(),
        /** Parsers this mapping never classifies (e.g. `json`: JSON lines are taken as they are). */
        parserNot: strings.optional(),
        equals: z.record(z.string(), z.union([z.string(), z.number(), z.array(z.union([z.string(), z.number()]))])).optional(),
        exists: strings.optional(),
      })
      .strict()
      .optional(),
    /** Log-source parts taken from event fields: the fields' values joined with '/' looked up in `values`. */
    derive: z.object({ category: deriveSchema.optional(), service: deriveSchema.optional() }).strict().optional(),
    /** Sigma field name -> our field name(s), tried in order. */
    fields: z.record(z.string(), strings).default({}),
    /** Tried after the mapped names and the name itself: prefix + Sigma name. */
    prefixes: z.array(z.string()).default([]),
    /** Last resort: any field whose dotted name (spaces removed) ends with `.Name` (slow; for nested vendor JSON). */
    leafFallback: z.boolean().default(false),
  })
  .strict();

export type FieldMapping = z.infer<typeof mappingSchema>;

export function loadMappingFile(file: string): { mappings: FieldMapping[]; errors: LocatedError[] } {
  const mappings: FieldMapping[] = [];
  const errors: LocatedError[] = [];
  let data: unknown;
  try {
    data = parseYaml(readFileSync(file, 'utf8'));
  } catch (err) {
    const line = (err as { linePos?: { line: number }[] }).linePos?.[0]?.line;
    return { mappings, errors: [new LocatedError(`mapping: ${(err as Error).message.split('\n')[0]}`, { file, line })] };
  }
  for (const entry of Array.isArray(data) ? data : [data]) {
    const r = mappingSchema.safeParse(entry);
    if (r.success) mappings.push(r.data);
    else errors.push(new LocatedError(`mapping: ${r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`, { file }));
  }
  return { mappings, errors };
}

type Classifier = (fields: FlatFields) => EventLogsource | undefined;

/** An event's classified log source; categories is a list because one event can be several (registry_set and registry_event). */
export interface EventLogsource {
  product?: string;
  service?: string;
  categories?: string[];
  /** Identity of this combination, for the per-log-source rule index. */
  key?: string;
}

export function logsourceKey(ls: EventLogsource): string {
  return `${ls.product ?? ''}|${ls.service ?? ''}|${(ls.categories ?? []).join(',')}`;
}

/** Does a rule's log source select an event? Unclassified events are seen by every rule. */
export function logsourceSelects(rule: Logsource, event: EventLogsource | undefined): boolean {
  if (!event) return true;
  if (rule.product && rule.product !== event.product) return false;
  if (rule.service && rule.service !== event.service) return false;
  if (rule.category && !(event.categories ?? []).includes(rule.category)) return false;
  return true;
}

/** A mapping serves a rule when every part of the mapping's log source is the rule's too
 *  (a `product: windows` mapping serves windows process_creation rules, not webserver ones). */
function serves(m: Logsource, rule: Logsource): boolean {
  return (['product', 'category', 'service'] as const).every((k) => !m[k] || rule[k] === m[k]);
}

export class MappingSet {
  /** Classification results are few distinct objects: reuse them instead of allocating per event. */
  private readonly interned = new Map<string, EventLogsource>();

  constructor(readonly mappings: readonly FieldMapping[]) {}

  private intern(ls: EventLogsource): EventLogsource {
    const key = logsourceKey(ls);
    let v = this.interned.get(key);
    if (!v) this.interned.set(key, (v = { ...ls, key }));
    return v;
  }

  /** Classifies an event by the first mapping whose `classify` holds. */
  classify(event: Pick<DetectEvent, 'fields' | 'parser'>): EventLogsource | undefined {
    const list = this.candidatesFor(event.parser);
    for (let i = 0; i < list.length; i++) {
      const r = (list[i] as Classifier)(event.fields);
      if (r) return r;
    }
    return undefined;
  }

  private readonly byParser = new Map<string, Classifier[]>();

  /** Classifiers of the mappings whose parser test an event of this parser passes, in order
   *  (memoised per parser: classification runs on every event, so its tests are compiled once). */
  private candidatesFor(parser: string | undefined): Classifier[] {
    const key = parser ?? '';
    let list = this.byParser.get(key);
    if (!list) {
      list = this.mappings
        .filter((m) => m.classify && (!m.classify.parser || (parser !== undefined && m.classify.parser.includes(parser))) && !(parser !== undefined && m.classify.parserNot?.includes(parser)))
        .map((m) => this.classifier(m));
      this.byParser.set(key, list);
    }
    return list;
  }

  /** One mapping's classification as a function of the event's fields; results are interned
   *  per derived key, so classifying an event allocates nothing once its kind has been seen. */
  private classifier(m: FieldMapping): Classifier {
    const c = m.classify as NonNullable<FieldMapping['classify']>;
    const exists = c.exists ?? [];
    const equals = Object.entries(c.equals ?? {}).map(([f, want]) => ({ f, want: (Array.isArray(want) ? want : [want]).map(String) }));
    const derive = Object.entries(m.derive ?? {}).map(([part, d]) => ({ part, from: d.from, values: d.values }));
    const results = new Map<string, EventLogsource>();
    return (fields) => {
      for (let i = 0; i < exists.length; i++) if (fields[exists[i] as string] === undefined) return undefined;
      for (let i = 0; i < equals.length; i++) {
        const { f, want } = equals[i] as (typeof equals)[number];
        const v = fields[f];
        if (v === undefined || v === null || !want.includes(String(v))) return undefined;
      }
      // The derived parts' source values identify the result.
      let key = '';
      for (const d of derive) key += `${d.from.length === 1 ? String(fields[d.from[0] as string] ?? '') : d.from.map((f) => String(fields[f] ?? '')).join('/')}\u0000`;
      let out = results.get(key);
      if (!out) {
        const ls: EventLogsource = { product: m.logsource.product, service: m.logsource.service, categories: m.logsource.category ? [m.logsource.category] : undefined };
        for (const d of derive) {
          const values = d.values[d.from.map((f) => String(fields[f] ?? '')).join('/')];
          if (!values) continue;
          if (d.part === 'service') ls.service = values[0];
          else ls.categories = [...(ls.categories ?? []), ...values];
        }
        // Bounded: derived keys come from event values, which an attacker may vary.
        out = this.intern(ls);
        if (results.size < 4096) results.set(key, out);
      }
      return out;
    };
  }

  /** A resolver for rules of one log source: mapped names first, then the name as written, then prefixes. */
  resolver(logsource: Logsource): FieldResolver {
    const applicable = this.mappings.filter((m) => serves(m.logsource, logsource));
    const cache = new Map<string, FieldAccess>();
    return (name) => {
      let access = cache.get(name);
      if (access) return access;
      const candidates: string[] = [];
      for (const m of applicable) for (const t of m.fields[name] ?? []) if (!candidates.includes(t)) candidates.push(t);
      if (!candidates.includes(name)) candidates.push(name);
      for (const m of applicable) for (const p of m.prefixes) if (!candidates.includes(p + name)) candidates.push(p + name);
      const leaf = applicable.some((m) => m.leafFallback) ? `.${name}` : undefined;
      access = makeAccess(candidates, leaf);
      cache.set(name, access);
      return access;
    };
  }
}

/** The first present of `names` as a function compiled for them. A read with a variable key
 *  (`f[name]`) shares one megamorphic inline cache with every other field and costs over a
 *  hundred instructions, present or absent (and most names tried are absent: an auditd event
 *  has `auditd.data.a0`, not `a0`); a literal name has its own cache, which learns the few
 *  event shapes that reach it. Names are embedded as JSON string literals. */
function compileFirstPresent(names: readonly string[]): (f: FlatFields) => FieldValue | undefined {
  const reads = names.map((n) => `v = f[${JSON.stringify(n)}]; if (v !== undefined) return v;`).join('\n');
  return new Function('f', `let v;\n${reads}\nreturn undefined;`) as (f: FlatFields) => FieldValue | undefined;
}

function makeAccess(candidates: string[], leaf: string | undefined): FieldAccess {
  const key = candidates.join('\u0000') + (leaf ? `\u0001${leaf}` : '');
  if (!leaf) return fieldAccess(key, compileFirstPresent(candidates), candidates);
  return fieldAccess(
    key,
    (f: FlatFields) => {
    for (let i = 0; i < candidates.length; i++) {
      const v = f[candidates[i] as string];
      if (v !== undefined) return v;
    }
    // Sigma writes Windows field names without their spaces (`Source Name` is `SourceName`).
    if (leaf) for (const k in f) if (k.endsWith(leaf) || (k.includes(' ') && k.replace(/ /g, '').endsWith(leaf))) return f[k];
    return undefined;
    },
  );
}
