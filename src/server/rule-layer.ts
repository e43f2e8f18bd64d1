// A tenant's local Sigma rules: list the effective set (global layer then the tenant's, by
// the Sigma stage's own layering), validate a rule text, and write, remove, disable or
// re-enable rules in the tenant's layer folder. The rule text is checked by the Sigma
// loader and compiler before anything is written, so a bad rule never reaches the folder.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { tenantLayerDir } from '../core/layer-dirs.ts';
import { buildLayeredRuleset } from '../detect/sigma/layering.ts';
import { loadRuleText } from '../detect/sigma/loader.ts';
import { Ruleset } from '../detect/sigma/ruleset.ts';
import { MappingSet } from '../detect/sigma/mappings.ts';
import { HttpError } from './http-error.ts';

/** Rule ids become file names: keep them to a safe alphabet (Sigma ids are UUIDs). */
export const RULE_ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/;
const LAYER_FILE = '_layer.yml';

export interface RuleSummary {
  id: string;
  title: string;
  kind: 'rule' | 'correlation';
  level: string | null;
  author: string | null;
  tags: string[];
  layer: string;
}

export interface Validation {
  ok: boolean;
  ids: string[];
  errors: { line: number | null; reason: string }[];
}

export function listRules(dataDir: string, tenant: string): { rules: RuleSummary[]; disabled: string[]; errors: string[] } {
  const layered = buildLayeredRuleset({ dataDir, tenant });
  const docs = [...layered.ruleset.rules.map((r) => r.rule), ...layered.ruleset.correlations];
  return {
    rules: docs.map((d) => ({
      id: d.meta.id, title: d.meta.title, kind: d.kind, level: d.meta.level ?? null, author: d.meta.author ?? null, tags: d.meta.tags,
      layer: layered.layerOf(d.meta.id) ?? 'global',
    })),
    disabled: layered.disabled.map((d) => d.id),
    // Problems are reported with their layer's file name only, not the server's paths.
    errors: layered.errors.map((e) => `${e.location.file?.split('/').at(-1) ?? ''}${e.location.line ? `:${e.location.line}` : ''}: ${e.message}`),
  };
}

export function validateRule(yaml: string): Validation {
  const loaded = loadRuleText(yaml, 'rule.yml');
  const compiled = new Ruleset(loaded.documents, { mappings: new MappingSet([]) });
  const errors = [...loaded.errors, ...compiled.errors].map((e) => ({ line: e.location.line ?? null, reason: e.message }));
  return { ok: errors.length === 0 && loaded.documents.length > 0, ids: loaded.documents.map((d) => d.meta.id), errors };
}

export function putRule(dataDir: string, tenant: string, id: string, yaml: string): Validation {
  const v = validateRule(yaml);
  if (!v.ok) return v;
  if (v.ids.length !== 1 || v.ids[0] !== id) throw new HttpError(400, `the text must hold exactly one rule, with id ${id} (it holds ${v.ids.join(', ') || 'none'})`);
  const dir = tenantLayerDir(dataDir, tenant, 'rules');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${id}.yml`), yaml);
  setDisabled(dataDir, tenant, id, false);
  return v;
}

export function removeRule(dataDir: string, tenant: string, id: string): boolean {
  const file = join(tenantLayerDir(dataDir, tenant, 'rules'), `${id}.yml`);
  if (!existsSync(file)) return false;
  rmSync(file);
  return true;
}

export function setDisabled(dataDir: string, tenant: string, id: string, disabled: boolean): void {
  const dir = tenantLayerDir(dataDir, tenant, 'rules');
  const file = join(dir, LAYER_FILE);
  const current = existsSync(file) ? ((parseYaml(readFileSync(file, 'utf8')) as { disabled?: string[] } | null)?.disabled ?? []) : [];
  const next = disabled ? [...new Set([...current, id])] : current.filter((d) => d !== id);
  if (next.length === current.length && next.every((d, i) => d === current[i])) return;
  mkdirSync(dir, { recursive: true });
  writeFileSync(file, stringifyYaml({ disabled: next }));
}
