// A false positive teaches L1: marking an alert writes a Sigma filter into the tenant's filters
// layer (`<dataDir>/tenants/<t>/filters/`, loaded by the Sigma stage's layering) that silences
// the alert's rule for the same entity: the entity fields of its event (source address, user,
// host…), or a correlation's group-by values applied to the rules it counts. The next time the
// same event arrives, the rule's match is filtered and no alert is raised. The filter text is
// validated by the Sigma loader before it is written.
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify as stringifyYaml } from 'yaml';
import { tenantLayerDir } from '../core/layer-dirs.ts';
import { buildLayeredRuleset } from '../detect/sigma/layering.ts';
import type { Alert } from '../detect/sigma/alert.ts';
import type { Logsource } from '../detect/sigma/model.ts';
import { validateRule } from './rule-layer.ts';
import { ENTITY_FIELDS } from './overview-service.ts';

export interface FilterWritten {
  id: string;
  rules: string[];
  selection: Record<string, string | number | boolean>;
}

type Scalar = string | number | boolean;
const isScalar = (v: unknown): v is Scalar => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';

/** The fields that say "the same thing again": entity fields when the event has any, else
 *  every scalar field but times (an event without entities is silenced only when identical). */
function selectionOf(a: Alert): Record<string, Scalar> {
  const source: Record<string, unknown> = a.kind === 'correlation' ? (a.group ?? {}) : (a.events[0] ?? {});
  const out: Record<string, Scalar> = {};
  for (const f of ENTITY_FIELDS) {
    const v = source[f];
    if (isScalar(v) && v !== '') out[f] = v;
  }
  if (Object.keys(out).length > 0 || a.kind === 'correlation') return out;
  for (const [k, v] of Object.entries(source)) if (isScalar(v) && v !== '' && !/time|@timestamp/i.test(k)) out[k] = v;
  return out;
}

/** The detection rules behind a rule id: itself, or a correlation's referred rules, recursively. */
function baseRules(dataDir: string, tenant: string, ruleId: string): { rules: string[]; logsource: Logsource | undefined } {
  const layered = buildLayeredRuleset({ dataDir, tenant });
  const byKey = new Map<string, { id: string; logsource?: Logsource; refers?: string[] }>();
  for (const r of layered.ruleset.rules) {
    const e = { id: r.rule.meta.id, logsource: r.rule.logsource };
    byKey.set(r.rule.meta.id, e);
    if (r.rule.meta.name) byKey.set(r.rule.meta.name, e);
  }
  for (const c of layered.ruleset.correlations) {
    const e = { id: c.meta.id, refers: c.rules };
    byKey.set(c.meta.id, e);
    if (c.meta.name) byKey.set(c.meta.name, e);
  }
  const rules: string[] = [];
  let logsource: Logsource | undefined;
  const seen = new Set<string>();
  const walk = (key: string) => {
    const e = byKey.get(key);
    if (!e || seen.has(e.id)) return;
    seen.add(e.id);
    if (e.refers) for (const k of e.refers) walk(k);
    else {
      rules.push(e.id);
      logsource ??= e.logsource;
    }
  };
  walk(ruleId);
  return { rules: rules.length ? rules : [ruleId], logsource };
}

export function writeFalsePositiveFilter(dataDir: string, tenant: string, alert: Alert, by: string, reason: string): FilterWritten | undefined {
  const selection = selectionOf(alert);
  // Nothing to tell this occurrence from any other: a filter would disable the rule, which is
  // what `POST /rules/:id/disable` is for; the triage status is still recorded.
  if (Object.keys(selection).length === 0) return undefined;
  const { rules, logsource } = baseRules(dataDir, tenant, alert.rule.id);
  const id = `fp-${createHash('sha256').update(`${alert.rule.id}|${JSON.stringify(selection)}`).digest('hex').slice(0, 16)}`;
  const doc = {
    title: `False positive: ${alert.rule.title}`.slice(0, 256),
    id,
    status: 'stable',
    description: `Written by the console when ${by} marked alert ${alert.id} a false positive: ${reason}`.slice(0, 2000),
    logsource: logsource && Object.keys(logsource).length ? logsource : { product: 'any' },
    filter: { rules, selection, condition: 'selection' },
  };
  const text = stringifyYaml(doc);
  const v = validateRule(text);
  if (!v.ok) throw new Error(`false-positive filter rejected: ${v.errors.map((e) => e.reason).join('; ')}`);
  const dir = tenantLayerDir(dataDir, tenant, 'filters');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${id}.yml`), text);
  return { id, rules, selection };
}
