// Global and tenant rulesets through the one layering mechanism (core/layers.ts). The global
// layer is config/rules/ plus any rule folders the operator adds (e.g. a SigmaHQ checkout);
// a tenant layer (<data>/tenants/<t>/rules/ and filters/) adds rules and filters, overrides a
// rule by id, and disables ids listed in its `_layer.yml` (`disabled: [id, ...]`). Field
// mappings layer the same way by mapping id, and a tenant's lists/ define `expand` placeholders.
import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { globSync } from 'tinyglobby';
import { resolveLayers, tenantLayerName, type Layer } from '../../core/layers.ts';
import { globalLayerDir, tenantLayerDir } from '../../core/layer-dirs.ts';
import { LocatedError } from '../../core/errors.ts';
import { loadRulePaths } from './rule-files.ts';
import { loadMappingFile, MappingSet, type FieldMapping } from './mappings.ts';
import { Ruleset } from './ruleset.ts';
import type { SigmaDocument } from './model.ts';

const layerFileSchema = z.object({ disabled: z.array(z.string()).default([]) }).strict();
const listFileSchema = z.record(z.string(), z.array(z.union([z.string(), z.number().transform(String)])));

export interface RulesetSources {
  /** Extra global rule folders (operator-added), loaded after config/rules/. */
  globalRuleDirs?: string[];
  /** Skip the shipped config/rules/ (e.g. `detect --rules` with explicit folders only). */
  noBuiltinRules?: boolean;
  /** Data directory holding tenants/<t>/...; absent = no tenant layer. */
  dataDir?: string;
  tenant?: string;
}

export interface LayeredRuleset {
  ruleset: Ruleset;
  /** Load problems (rejected documents) of every layer. */
  errors: LocatedError[];
  layerOf(id: string): string | undefined;
  disabled: { id: string; layer: string }[];
  unknownDisabled: { id: string; layer: string }[];
}

export function buildLayeredRuleset(src: RulesetSources): LayeredRuleset {
  const errors: LocatedError[] = [];
  const ruleLayers: Layer<SigmaDocument>[] = [];
  const globalDirs = [...(src.noBuiltinRules ? [] : [globalLayerDir('rules'), globalLayerDir('filters')]), ...(src.globalRuleDirs ?? [])];
  const g = loadRulePaths(globalDirs.filter((d) => existsSync(d) || (src.globalRuleDirs ?? []).includes(d)));
  errors.push(...g.errors);
  ruleLayers.push({ name: 'global', items: g.documents });

  const mappingLayers: Layer<FieldMapping>[] = [{ name: 'global', items: loadMappings(globalLayerDir('mappings'), errors) }];
  const lists = new Map<string, string[]>();

  if (src.dataDir && src.tenant) {
    const name = tenantLayerName(src.tenant);
    const rulesDir = tenantLayerDir(src.dataDir, src.tenant, 'rules');
    const filtersDir = tenantLayerDir(src.dataDir, src.tenant, 'filters');
    const t = loadRulePaths([rulesDir, filtersDir].filter(existsSync));
    errors.push(...t.errors);
    ruleLayers.push({ name, items: t.documents, disabled: readDisabled(join(rulesDir, '_layer.yml'), errors) });
    mappingLayers.push({ name, items: loadMappings(tenantLayerDir(src.dataDir, src.tenant, 'mappings'), errors) });
    loadLists(tenantLayerDir(src.dataDir, src.tenant, 'lists'), lists, errors);
  }

  // Documents of one correlation file refer to each other by name; ids keep them distinct.
  const resolved = resolveLayers(ruleLayers, (d) => d.meta.id);
  const mappings = resolveLayers(mappingLayers, (m) => m.id);
  const layerById = new Map(resolved.items.map((i) => [i.id, i.layer]));
  const ruleset = new Ruleset(
    resolved.items.map((i) => i.item),
    { mappings: new MappingSet(mappings.items.map((i) => i.item)), lists },
  );
  errors.push(...ruleset.errors);
  return { ruleset, errors, layerOf: (id) => layerById.get(id), disabled: resolved.disabled, unknownDisabled: resolved.unknownDisabled };
}

function loadMappings(dir: string, errors: LocatedError[]): FieldMapping[] {
  if (!existsSync(dir)) return [];
  const out: FieldMapping[] = [];
  for (const f of globSync(['**/*.yml', '**/*.yaml'], { cwd: dir, absolute: true }).sort()) {
    const r = loadMappingFile(f);
    out.push(...r.mappings);
    errors.push(...r.errors);
  }
  return out;
}

function readDisabled(file: string, errors: LocatedError[]): string[] {
  if (!existsSync(file)) return [];
  try {
    const r = layerFileSchema.safeParse(parseYaml(readFileSync(file, 'utf8')) ?? {});
    if (r.success) return r.data.disabled;
    errors.push(new LocatedError(`_layer.yml: ${r.error.issues[0]?.message ?? 'invalid'}`, { file }));
  } catch (err) {
    errors.push(new LocatedError(`_layer.yml: ${(err as Error).message.split('\n')[0]}`, { file }));
  }
  return [];
}

/** Each lists/*.yml maps placeholder names to values; a file `admins.yml` holding a plain list defines `admins`. */
function loadLists(dir: string, into: Map<string, string[]>, errors: LocatedError[]): void {
  if (!existsSync(dir)) return;
  for (const f of globSync(['*.yml', '*.yaml'], { cwd: dir, absolute: true }).sort()) {
    try {
      const data: unknown = parseYaml(readFileSync(f, 'utf8'));
      if (Array.isArray(data)) {
        into.set(basename(f).replace(/\.ya?ml$/, ''), data.map(String));
        continue;
      }
      const r = listFileSchema.safeParse(data);
      if (!r.success) errors.push(new LocatedError(`list file: ${r.error.issues[0]?.message ?? 'invalid'}`, { file: f }));
      else for (const [k, v] of Object.entries(r.data)) into.set(k, v);
    } catch (err) {
      errors.push(new LocatedError(`list file: ${(err as Error).message.split('\n')[0]}`, { file: f }));
    }
  }
}
