// Where each layer's files live on disk. The global layer ships in the repository
// (`<product>/<kind>/`); tenant layers live under the data directory
// (`<data>/tenants/<tenant>/<kind>/`), so an operator edits them without touching the product.
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { assertTenant } from './layers.ts';

/** Root of the installed product (the folder holding package.json). */
export const PRODUCT_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Kinds of layered configuration; each is a folder name in every layer. */
export type LayerKind = 'parsers' | 'rules' | 'mappings' | 'filters' | 'suppressions' | 'interaction' | 'policy' | 'lists';

export function globalLayerDir(kind: LayerKind): string {
  return join(PRODUCT_ROOT, 'config', kind);
}

export function tenantLayerDir(dataDir: string, tenant: string, kind: LayerKind): string {
  return join(dataDir, 'tenants', assertTenant(tenant), kind);
}
