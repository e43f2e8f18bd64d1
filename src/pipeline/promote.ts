// Promotion: a mined template becomes a named declarative parser in the tenant's parser
// layer, so from then on its lines are parsed by name (and keep the same field names the
// miner gave them: the type-implied field, else `template.<param>`).
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TemplateParam } from '../core/event.ts';
import { FIELD_PREFIX } from '../core/fields.ts';
import { tenantLayerDir } from '../core/layer-dirs.ts';
import { templateToParserYaml } from '../parse/index.ts';
import type { Store } from '../store/store.ts';
import { impliedFields } from './template-fields.ts';

export interface PromoteRequest {
  store: Pick<Store, 'getTemplate'>;
  dataDir: string;
  tenant: string;
  templateId: string;
  name: string;
  force?: boolean;
}

/** Field names of the template's slots, in slot order: the type-implied field where the
 *  miner's events had one, else the `template.<param>` name they carried. */
export function slotFieldNames(params: readonly TemplateParam[]): string[] {
  const implied = impliedFields(params);
  return params.map((p, i) => implied[i] ?? `${FIELD_PREFIX.template}${p.name}`);
}

export async function promoteTemplate(req: PromoteRequest): Promise<{ file: string; yaml: string }> {
  const row = await req.store.getTemplate(req.tenant, req.templateId);
  if (!row) throw new Error(`no template ${req.templateId} for tenant ${req.tenant} (see \`stegosoc templates list --tenant ${req.tenant}\`)`);
  const yaml = templateToParserYaml(req.name, row.template, slotFieldNames(row.params), {
    ...(row.program ? { program: row.program } : {}),
    description: `promoted from mined template ${row.templateId} (${row.count} lines), e.g. ${row.example.slice(0, 200)}`,
  });
  const dir = tenantLayerDir(req.dataDir, req.tenant, 'parsers');
  const file = join(dir, `${req.name}.yaml`);
  if (existsSync(file) && !req.force) throw new Error(`${file} exists; use --force to replace it`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(file, yaml);
  return { file, yaml };
}
