// The scale-out correlator's rows (table correlator_state, schema-correlator.ts): its state per
// (tenant, partition) is read once when the partition's first message of a tenant comes, and
// written with the alerts it raised in one transaction. Kept as JSON text (migration v7), not
// jsonb, so its objects keep their key order (the groups' age order).
import type { AlertWrite } from '../store.ts';
import type { PostgresStore } from './postgres-store.ts';
import { pgJson } from './pg-json.ts';

export interface SavedCorrelatorState<S> {
  /** The last stream sequence whose message the state includes. */
  lastSeq: number;
  state: S;
}

export async function loadCorrelatorState<S>(store: PostgresStore, tenant: string, partition: number): Promise<SavedCorrelatorState<S> | undefined> {
  const { rows } = await store.transaction(tenant, (tx) =>
    tx.client.query<{ last_seq: number; state: string }>('SELECT last_seq, state FROM correlator_state WHERE tenant = $1 AND partition = $2', [tenant, partition]));
  const row = rows[0];
  return row ? { lastSeq: row.last_seq, state: JSON.parse(row.state) as S } : undefined;
}

/** Stores the alerts and the state in one transaction; returns how many alerts were new. */
export async function saveCorrelatorState<S>(store: PostgresStore, tenant: string, partition: number, saved: SavedCorrelatorState<S>, alerts: readonly AlertWrite[]): Promise<number> {
  return store.transaction(tenant, async (tx) => {
    const written = alerts.length > 0
      ? await tx.writeBatch({ tenant, events: [], unparsed: [], counters: {}, alerts: [...alerts] })
      : undefined;
    await tx.client.query(
      `INSERT INTO correlator_state (tenant, partition, last_seq, state, updated) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (tenant, partition) DO UPDATE SET last_seq = excluded.last_seq, state = excluded.state, updated = excluded.updated`,
      [tenant, partition, saved.lastSeq, pgJson(saved.state), Date.now()],
    );
    return written?.insertedAlerts ?? 0;
  });
}
