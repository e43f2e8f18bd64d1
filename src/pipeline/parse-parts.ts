// Builds the parse stage's per-tenant parts from the parse package: the layered parser set
// (global parsers from config/parsers, the tenant's from <dataDir>/tenants/<t>/parsers) and
// the template miner, restored from the store's snapshot.
import { createParserSet, SYSLOG, TemplateMiner } from '../parse/index.ts';
import type { Store } from '../store/store.ts';
import { errorMessage } from '../core/errors.ts';
import type { LineParsers } from './stage-deps.ts';
import { TenantParts } from './tenant-parts.ts';

export interface PartsOptions {
  dataDir: string;
  store?: Pick<Store, 'loadMinerSnapshot'>;
  snapshotEveryMs?: number;
  onWarning?: (message: string) => void;
}

/** The tenant's effective parser set; definitions that fail to load are reported, not fatal. */
export async function loadTenantParsers(dataDir: string, tenant: string, onWarning: (m: string) => void = () => {}): Promise<LineParsers> {
  const set = createParserSet({ tenant, dataDir });
  for (const err of set.errors) onWarning(`parser definition skipped: ${errorMessage(err)}`);
  for (const d of set.unknownDisabled) onWarning(`${d.layer} disables unknown parser ${d.id}`);
  return set;
}

export function newMiner(snapshot: unknown, onWarning: (m: string) => void = () => {}): TemplateMiner {
  if (snapshot === undefined) return new TemplateMiner();
  try {
    return TemplateMiner.restore(snapshot);
  } catch (err) {
    // A damaged snapshot must not stop ingestion; templates are relearned (ids may change).
    onWarning(`miner snapshot unreadable, starting a new miner: ${errorMessage(err)}`);
    return new TemplateMiner();
  }
}

export function tenantParts(opts: PartsOptions): TenantParts {
  const warn = opts.onWarning ?? (() => {});
  return new TenantParts(
    { loadParsers: (tenant) => loadTenantParsers(opts.dataDir, tenant, warn), newMiner: (snap) => newMiner(snap, warn), envelopes: new Set([SYSLOG]) },
    opts.store,
    opts.snapshotEveryMs,
  );
}
