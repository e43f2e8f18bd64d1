// Per-tenant state of the parse stage: the tenant's effective parser set and its template
// miner, loaded on first use (the miner from its last snapshot in the store) and snapshotted
// back periodically. State to guard, hence a class.
import type { Store } from '../store/store.ts';
import type { LineMiner, LineParsers, StageDeps } from './stage-deps.ts';

export interface PartsLoaders {
  loadParsers(tenant: string): Promise<LineParsers>;
  /** A miner, restored from `snapshot` when there is one. */
  newMiner(snapshot: unknown): LineMiner;
  envelopes?: ReadonlySet<string>;
}

interface TenantEntry {
  parsers: LineParsers;
  miner: LineMiner;
  dirty: boolean;
  savedAt: number;
}

export class TenantParts implements StageDeps {
  private readonly tenants = new Map<string, TenantEntry>();
  readonly envelopes: ReadonlySet<string> | undefined;

  constructor(
    private readonly loaders: PartsLoaders,
    private readonly store: Pick<Store, 'loadMinerSnapshot'> | undefined,
    private readonly snapshotEveryMs = 5000,
  ) {
    this.envelopes = loaders.envelopes;
  }

  async prepare(tenant: string): Promise<void> {
    if (this.tenants.has(tenant)) return;
    const [parsers, snapshot] = await Promise.all([this.loaders.loadParsers(tenant), this.store?.loadMinerSnapshot(tenant)]);
    if (this.tenants.has(tenant)) return;
    this.tenants.set(tenant, { parsers, miner: this.loaders.newMiner(snapshot), dirty: false, savedAt: Date.now() });
  }

  private entry(tenant: string): TenantEntry {
    const e = this.tenants.get(tenant);
    if (!e) throw new Error(`tenant ${tenant} used before prepare()`);
    return e;
  }

  parsersFor(tenant: string): LineParsers {
    return this.entry(tenant).parsers;
  }

  minerFor(tenant: string): LineMiner {
    const e = this.entry(tenant);
    e.dirty = true;
    return e.miner;
  }

  /** The miner's snapshot when it changed and the last save is old enough (or `force`). */
  snapshotDue(tenant: string, force = false, now = Date.now()): unknown {
    const e = this.tenants.get(tenant);
    if (!e || !e.dirty || (!force && now - e.savedAt < this.snapshotEveryMs)) return undefined;
    e.dirty = false;
    e.savedAt = now;
    return e.miner.snapshot();
  }

  tenantNames(): string[] {
    return [...this.tenants.keys()];
  }
}
