// Loads Sigma YAML files (single or multi-document) into the typed model. Every problem is a
// LocatedError with file and line; one bad document never stops the others from loading.
import { readFileSync } from 'node:fs';
import { LineCounter, parseAllDocuments, isMap, isSeq, isScalar, type Document, type YAMLMap } from 'yaml';
import { z } from 'zod';
import { LocatedError } from '../../core/errors.ts';
import { lineOf, scalarValue, toPlain, type Plain } from './yaml-nodes.ts';
import type { CorrelationRule, Detection, DetectionItem, FilterRule, Logsource, RuleMeta, SearchIdentifier, SigmaDocument, SigmaRule } from './model.ts';
import { parseTimespan } from './timespan.ts';
import { translateAggregation } from './aggregation.ts';
import type { RawValue } from './value-spec.ts';

/** Bounds that keep a hostile rule file from exhausting memory. */
export const LIMITS = { fileBytes: 2_000_000, documents: 1000, valuesPerItem: 10_000, valueLength: 10_000 } as const;

export interface LoadResult {
  documents: SigmaDocument[];
  errors: LocatedError[];
}

const str = z.string();
const strList = z.union([z.string().transform((s) => [s]), z.array(z.union([z.string(), z.number()]).transform(String)), z.null().transform(() => [])]).optional();
const metaSchema = z.object({
  title: z.string().min(1, 'title is required').max(256),
  id: z.union([z.string(), z.number().transform(String)]).optional(),
  name: z.string().optional(),
  status: z.string().optional().nullable(),
  level: z.enum(['informational', 'low', 'medium', 'high', 'critical']).optional().nullable(),
  description: z.string().optional().nullable(),
  author: z.union([str, z.array(str).transform((a) => a.join(', '))]).optional().nullable(),
  license: z.string().optional().nullable(),
  references: strList,
  reference: strList,
  tags: strList,
  falsepositives: strList,
  date: z.union([z.string(), z.number().transform(String)]).optional().nullable(),
  modified: z.union([z.string(), z.number().transform(String)]).optional().nullable(),
});
const logsourceSchema = z
  .object({ product: z.string().optional().nullable(), category: z.string().optional().nullable(), service: z.string().optional().nullable() })
  .passthrough();

const num = z.number();
const correlationSchema = z.object({
  type: z.enum(['event_count', 'value_count', 'temporal', 'temporal_ordered', 'value_sum', 'value_avg', 'value_percentile']),
  rules: z.union([z.string().transform((s) => [s]), z.array(z.union([z.string(), z.number().transform(String)]))]),
  'group-by': z.union([z.string().transform((s) => [s]), z.array(z.string())]).optional().nullable(),
  timespan: z.union([z.string(), z.number().transform(String)]),
  condition: z
    .object({ gt: num.optional(), gte: num.optional(), lt: num.optional(), lte: num.optional(), eq: num.optional(), neq: num.optional(), field: z.string().optional() })
    .strict()
    .optional()
    .nullable(),
  aliases: z.record(z.string(), z.record(z.string(), z.string())).optional().nullable(),
  generate: z.boolean().optional(),
});

export function loadRuleFile(file: string): LoadResult {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    return { documents: [], errors: [new LocatedError(`cannot read: ${(err as Error).message}`, { file })] };
  }
  return loadRuleText(text, file);
}

export function loadRuleText(text: string, file: string): LoadResult {
  const documents: SigmaDocument[] = [];
  const errors: LocatedError[] = [];
  if (text.length > LIMITS.fileBytes) return { documents, errors: [new LocatedError(`file larger than ${LIMITS.fileBytes} bytes`, { file })] };
  const lc = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter: lc, uniqueKeys: true, prettyErrors: false });
  const list = Array.isArray(docs) ? docs : [docs as unknown as Document];
  if (list.length > LIMITS.documents) return { documents, errors: [new LocatedError(`more than ${LIMITS.documents} YAML documents`, { file })] };
  list.forEach((doc, index) => {
    const docLine = lineOf(doc.contents, lc, 1);
    if (doc.errors.length > 0) {
      const e = doc.errors[0];
      const line = e?.linePos?.[0]?.line ?? docLine;
      errors.push(new LocatedError(`YAML error: ${e?.message.split('\n')[0] ?? 'invalid YAML'}`, { file, line }));
      return;
    }
    if (doc.contents === null) return; // empty document (e.g. a trailing `---`)
    try {
      const parsed = parseDocument(doc, lc, file, index, docLine);
      documents.push(...parsed);
    } catch (err) {
      if (err instanceof LocatedError) errors.push(err);
      else errors.push(new LocatedError(err instanceof Error ? err.message : String(err), { file, line: docLine }));
    }
  });
  return { documents, errors };
}

function parseDocument(doc: Document, lc: LineCounter, file: string, index: number, docLine: number): SigmaDocument[] {
  const root = doc.contents;
  if (!isMap(root)) throw new LocatedError('a Sigma document must be a YAML map', { file, line: docLine });
  const plain = toPlain(root) as Record<string, Plain>;
  // The line of the key, so `detection:` errors point at `detection:` rather than its first entry.
  const at = (key: string) => lineOf(root.items.find((p) => isScalar(p.key) && p.key.value === key)?.key, lc, docLine);
  if ('action' in plain) throw new LocatedError("rule collections with 'action' (Sigma 1.0 global/reset/repeat) are not supported; split them into separate documents", { file, line: at('action') });
  const meta = parseMeta(plain, file, at, index);
  const source = { file, line: docLine };

  if ('correlation' in plain) {
    const c = correlationSchema.safeParse(plain.correlation);
    if (!c.success) throw zodError(c.error, file, at('correlation'), 'correlation');
    const v = c.data;
    let timespanMs: number;
    try {
      timespanMs = parseTimespan(v.timespan);
    } catch (err) {
      throw new LocatedError((err as Error).message, { file, line: at('correlation') });
    }
    const condition = v.condition ?? undefined;
    const needsField = v.type === 'value_count' || v.type === 'value_sum' || v.type === 'value_avg' || v.type === 'value_percentile';
    if (needsField && !condition?.field) throw new LocatedError(`correlation type ${v.type} needs condition.field`, { file, line: at('correlation') });
    if (!condition && !v.type.startsWith('temporal')) throw new LocatedError(`correlation type ${v.type} needs a condition`, { file, line: at('correlation') });
    if (condition && !['gt', 'gte', 'lt', 'lte', 'eq', 'neq'].some((k) => k in condition)) throw new LocatedError('correlation condition needs one of gt, gte, lt, lte, eq, neq', { file, line: at('correlation') });
    const rule: CorrelationRule = {
      kind: 'correlation',
      meta,
      type: v.type,
      rules: v.rules.map(String),
      groupBy: v['group-by'] ?? [],
      timespanMs,
      condition,
      aliases: v.aliases ?? {},
      generate: v.generate ?? false,
      source,
    };
    return [rule];
  }

  const logsource = parseLogsource(plain.logsource, file, at('logsource'));
  if ('filter' in plain) {
    const node = root.get('filter', true);
    if (!isMap(node)) throw new LocatedError("'filter' must be a map with rules, search identifiers and a condition", { file, line: at('filter') });
    const rulesPlain = toPlain(node.get('rules', true));
    const rules = Array.isArray(rulesPlain) ? rulesPlain.map(String) : typeof rulesPlain === 'string' ? [rulesPlain] : [];
    if (rules.length === 0) throw new LocatedError("filter needs 'rules': the ids or names of the rules it applies to", { file, line: at('filter') });
    const detection = parseDetection(node, lc, file, at('filter'), ['rules']);
    const rule: FilterRule = { kind: 'filter', meta, logsource, rules, detection, source };
    return [rule];
  }

  const detNode = root.get('detection', true);
  if (!detNode) throw new LocatedError("missing 'detection' (or 'correlation' / 'filter')", { file, line: docLine });
  if (!isMap(detNode)) throw new LocatedError("'detection' must be a map", { file, line: at('detection') });
  const detection = parseDetection(detNode, lc, file, at('detection'), ['timeframe']);
  const rule: SigmaRule = { kind: 'rule', meta, logsource, detection, source };
  const aggregated = detection.conditions.some((c) => /\|/.test(c) || /\bnear\b/.test(c));
  if (aggregated) {
    const timeframe = toPlain(detNode.get('timeframe', true));
    return translateAggregation(rule, typeof timeframe === 'string' || typeof timeframe === 'number' ? String(timeframe) : undefined);
  }
  return [rule];
}

function parseMeta(plain: Record<string, Plain>, file: string, at: (k: string) => number, index: number): RuleMeta {
  const m = metaSchema.safeParse(plain);
  if (!m.success) {
    const key = String(m.error.issues[0]?.path[0] ?? 'title');
    throw zodError(m.error, file, at(key), '');
  }
  const v = m.data;
  return {
    id: v.id ?? `${file}#${index + 1}`,
    name: v.name,
    title: v.title,
    status: v.status ?? undefined,
    level: v.level ?? undefined,
    description: v.description ?? undefined,
    author: v.author ?? undefined,
    license: v.license ?? undefined,
    references: v.references ?? v.reference ?? [],
    tags: v.tags ?? [],
    falsepositives: v.falsepositives ?? [],
    date: v.date ?? undefined,
    modified: v.modified ?? undefined,
  };
}

function parseLogsource(p: Plain | undefined, file: string, line: number): Logsource {
  if (p === undefined || p === null) return {};
  const r = logsourceSchema.safeParse(p);
  if (!r.success) throw zodError(r.error, file, line, 'logsource');
  const out: Logsource = {};
  if (r.data.product) out.product = r.data.product.toLowerCase();
  if (r.data.category) out.category = r.data.category.toLowerCase();
  if (r.data.service) out.service = r.data.service.toLowerCase();
  return out;
}

function zodError(err: z.ZodError, file: string, line: number, prefix: string): LocatedError {
  const issue = err.issues[0];
  const path = [prefix, ...(issue?.path ?? []).map(String)].filter(Boolean).join('.');
  return new LocatedError(`${path ? `${path}: ` : ''}${issue?.message ?? 'invalid'}`, { file, line });
}

type YMap = YAMLMap<unknown, unknown>;

function parseDetection(node: unknown, lc: LineCounter, file: string, line: number, skip: string[]): Detection {
  const map = node as YMap;
  const identifiers = new Map<string, SearchIdentifier>();
  let conditions: string[] | undefined;
  let conditionLine = line;
  for (const pair of map.items) {
    const key = isScalar(pair.key) ? String(scalarValue(pair.key)) : '';
    const keyLine = lineOf(pair.key, lc, line);
    if (key === 'condition') {
      conditionLine = keyLine;
      const c = toPlain(pair.value);
      if (typeof c === 'string') conditions = [c];
      else if (Array.isArray(c) && c.length > 0 && c.every((x) => typeof x === 'string')) conditions = c as string[];
      else throw new LocatedError('condition must be a string or a list of strings', { file, line: keyLine });
      continue;
    }
    if (skip.includes(key)) continue;
    identifiers.set(key, { name: key, branches: parseIdentifier(key, pair.value, lc, file, keyLine), line: keyLine });
  }
  if (!conditions) throw new LocatedError("detection has no 'condition'", { file, line });
  if (identifiers.size === 0) throw new LocatedError('detection has no search identifier', { file, line });
  return { identifiers, conditions, conditionLine };
}

function parseIdentifier(name: string, node: unknown, lc: LineCounter, file: string, line: number): DetectionItem[][] {
  if (isMap(node)) return [parseMapBranch(node, lc, file, line)];
  if (isSeq(node)) {
    const branches: DetectionItem[][] = [];
    const keywords: RawValue[] = [];
    for (const item of node.items) {
      if (isMap(item)) branches.push(parseMapBranch(item, lc, file, lineOf(item, lc, line)));
      else if (isScalar(item)) keywords.push(scalarValue(item, true));
      else throw new LocatedError(`search identifier '${name}': list entries must be values or maps`, { file, line: lineOf(item, lc, line) });
    }
    if (keywords.length > 0) branches.unshift([{ field: null, modifiers: [], values: checkValues(keywords, file, line), line }]);
    if (branches.length === 0) throw new LocatedError(`search identifier '${name}' is an empty list`, { file, line });
    return branches;
  }
  if (isScalar(node)) {
    const v = scalarValue(node, true);
    if (v === null) throw new LocatedError(`search identifier '${name}' is empty`, { file, line });
    return [[{ field: null, modifiers: [], values: [v], line }]];
  }
  throw new LocatedError(`search identifier '${name}' must be a map, a list or a value`, { file, line });
}

function parseMapBranch(map: YMap, lc: LineCounter, file: string, line: number): DetectionItem[] {
  const items: DetectionItem[] = [];
  if (map.items.length === 0) throw new LocatedError('empty map in a search identifier', { file, line });
  for (const pair of map.items) {
    const key = isScalar(pair.key) ? String(scalarValue(pair.key) ?? '') : '';
    const keyLine = lineOf(pair.key, lc, line);
    const [fieldPart = '', ...modifiers] = key.split('|');
    const field = fieldPart === '' ? null : fieldPart;
    let values: RawValue[];
    if (isSeq(pair.value)) {
      values = pair.value.items.map((x) => {
        if (!isScalar(x)) throw new LocatedError(`field '${key}': a value list may hold only plain values`, { file, line: lineOf(x, lc, keyLine) });
        return scalarValue(x, true);
      });
      if (values.length === 0) throw new LocatedError(`field '${key}' has an empty value list`, { file, line: keyLine });
    } else if (isScalar(pair.value) || pair.value === null || pair.value === undefined) {
      values = [pair.value ? scalarValue(pair.value as never, true) : null];
    } else {
      throw new LocatedError(`field '${key}': a value must be a plain value or a list of them, not a map`, { file, line: keyLine });
    }
    items.push({ field, modifiers, values: checkValues(values, file, keyLine), line: keyLine });
  }
  return items;
}

function checkValues(values: RawValue[], file: string, line: number): RawValue[] {
  if (values.length > LIMITS.valuesPerItem) throw new LocatedError(`more than ${LIMITS.valuesPerItem} values in one item`, { file, line });
  for (const v of values) if (typeof v === 'string' && v.length > LIMITS.valueLength) throw new LocatedError(`a value longer than ${LIMITS.valueLength} characters`, { file, line });
  return values;
}
