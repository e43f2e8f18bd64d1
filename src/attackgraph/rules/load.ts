// Loads the interaction model: the global layer from config/interaction/ in the product, then
// the tenant's layer from <dataDir>/tenants/<tenant>/interaction/, resolved by id.
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { globalLayerDir, tenantLayerDir } from '../../core/layer-dirs.ts';
import { tenantLayerName } from '../../core/layers.ts';
import { parseDatalog } from '../datalog/parse.ts';
import { readRuleText, resolveRuleSet, type RuleLayerContent, type RuleSet } from './ruleset.ts';

/** Rule files of one layer directory, in file-name order (`10-…`, `20-…`). */
export function readRuleDir(dir: string): RuleLayerContent {
  const out: RuleLayerContent = { rules: [], declarations: [], disabled: [] };
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.dl')).sort()) {
    const file = join(dir, name);
    const part = readRuleText(parseDatalog(readFileSync(file, 'utf8'), file));
    out.rules.push(...part.rules);
    out.declarations.push(...part.declarations);
    out.disabled.push(...part.disabled);
  }
  return out;
}

export interface LoadRulesOptions {
  dataDir?: string;
  tenant?: string;
  /** Replaces the global layer directory (tests, or a user's own rule folder). */
  globalDir?: string;
}

export function loadRuleSet(opts: LoadRulesOptions = {}): RuleSet {
  const layers = [{ name: 'global', content: readRuleDir(opts.globalDir ?? globalLayerDir('interaction')) }];
  if (opts.dataDir && opts.tenant) {
    layers.push({ name: tenantLayerName(opts.tenant), content: readRuleDir(tenantLayerDir(opts.dataDir, opts.tenant, 'interaction')) });
  }
  return resolveRuleSet(layers);
}
