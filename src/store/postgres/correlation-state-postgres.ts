// The server's correlation state in the shared store (table sigma_correlation_state,
// schema-correlation-state.ts), so a server started elsewhere on the same database carries on
// with the open windows. The engine loads and saves synchronously: `prepare` fetches a
// tenant's snapshot once, before its first engine is built, and every save goes through the
// copy kept here, so a later engine of the tenant (a rule reload, a failed batch) loads what
// was saved last without a round trip. Saves are written in the background, one at a time per
// tenant; a save arriving while one is written replaces any older one still waiting, so a slow
// database costs skipped intermediate snapshots, never a queue of them.
//
// One server per tenant: two servers ingesting for the same tenant each keep the windows of
// their own events and overwrite each other's snapshot. That is detected (each row names its
// writer) and warned; correlations exact across processes are the scale-out correlator's.
import { randomUUID } from 'node:crypto';
import type { CorrelationSnapshot, PreparedCorrelationStateStore } from '../../detect/sigma/correlation-state.ts';
import type { PostgresStore } from './postgres-store.ts';

export class PostgresCorrelationStateStore implements PreparedCorrelationStateStore {
  /** The tenant's last saved snapshot as JSON text (null: none yet), once fetched. */
  private readonly saved = new Map<string, string | null>();
  /** Who saved the tenant's row as this process last saw it (null: no row). */
  private readonly rowWriter = new Map<string, string | null>();
  /** The newest save of a tenant not yet handed to the database. */
  private readonly waiting = new Map<string, string>();
  /** The tenant's writer, while it has saves to write. */
  private readonly writers = new Map<string, Promise<void>>();
  private readonly id = randomUUID();

  /** `warn`: a save that failed (the next save of the tenant writes a newer snapshot), or
   *  another process saving the same tenant's state. */
  constructor(
    private readonly store: PostgresStore,
    private readonly warn: (message: string) => void = () => {},
  ) {}

  async prepare(tenant: string): Promise<void> {
    if (this.saved.has(tenant)) return;
    const { rows } = await this.store.transaction(tenant, (tx) =>
      tx.client.query<{ snapshot: string; writer: string }>('SELECT snapshot, writer FROM sigma_correlation_state WHERE tenant = $1', [tenant]));
    // A save made while the row was read is newer than the row.
    if (this.saved.has(tenant)) return;
    this.saved.set(tenant, rows[0]?.snapshot ?? null);
    this.rowWriter.set(tenant, rows[0]?.writer ?? null);
  }

  load(tenant: string): CorrelationSnapshot | undefined {
    const text = this.saved.get(tenant);
    // Starting empty would overwrite the stored windows at the next save: refuse instead.
    if (text === undefined) throw new Error(`correlation state of tenant ${tenant} read before it was fetched (prepare)`);
    return text === null ? undefined : (JSON.parse(text) as CorrelationSnapshot);
  }

  save(tenant: string, snapshot: CorrelationSnapshot): void {
    // Serialised now: the engine goes on changing its windows after this call.
    const text = JSON.stringify(snapshot);
    this.saved.set(tenant, text);
    this.waiting.set(tenant, text);
    if (!this.writers.has(tenant)) this.writers.set(tenant, this.write(tenant));
  }

  /** Resolves once every save made so far is written (or has failed). */
  async flush(): Promise<void> {
    while (this.writers.size > 0) await Promise.all(this.writers.values());
  }

  private async write(tenant: string): Promise<void> {
    try {
      for (let text = this.waiting.get(tenant); text !== undefined; text = this.waiting.get(tenant)) {
        this.waiting.delete(tenant);
        try {
          const { rows } = await this.store.transaction(tenant, (tx) => tx.client.query<{ prev: string | null }>(
            `WITH prev AS (SELECT writer FROM sigma_correlation_state WHERE tenant = $1)
             INSERT INTO sigma_correlation_state (tenant, snapshot, saved_at, writer) VALUES ($1, $2, $3, $4)
             ON CONFLICT (tenant) DO UPDATE SET snapshot = excluded.snapshot, saved_at = excluded.saved_at, writer = excluded.writer
             RETURNING (SELECT writer FROM prev) AS prev`,
            [tenant, text, Date.now(), this.id]));
          const prev = rows[0]?.prev ?? null;
          if (prev !== (this.rowWriter.get(tenant) ?? null)) {
            this.warn(`correlation state of tenant ${tenant} was also saved by another server: each sees the windows of its own events only `
              + '(one server per tenant, or the scale-out correlator, keeps correlations exact)');
          }
          this.rowWriter.set(tenant, this.id);
        } catch (err) {
          this.warn(`correlation state of tenant ${tenant} not saved: ${(err as Error).message}`);
        }
      }
    } finally {
      this.writers.delete(tenant);
    }
  }
}
