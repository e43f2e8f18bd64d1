// Correlation state: per correlation and group, the events still inside the time window.
// Kept as plain JSON-able data so it can be snapshotted and restored across restarts through
// the small CorrelationStateStore interface (correlation-state-sqlite.ts implements it, and
// the shared store's src/store/postgres/correlation-state-postgres.ts).

export interface WindowEntry {
  /** Event time, epoch ms. */
  t: number;
  /** Index of the referred rule (in the correlation's `rules`) that matched. */
  r: number;
  /** Value of the condition field, when the type uses one. */
  v?: string | number;
  /** Input lines of the event(s) behind this entry. */
  l: number[];
}

export interface GroupState {
  /** The group-by values, by group-by name. */
  g: Record<string, string>;
  entries: WindowEntry[];
  /** Start of the current window, for conditions checked when the window closes. */
  start: number;
  /** Running aggregates over `entries`, kept as entries come and go so judging is O(1):
   *  value frequencies (keys prefixed `v:`), their distinct count, numeric sum and count,
   *  and how many entries each referred rule has. */
  agg: { freq: Record<string, number>; distinct: number; sum: number; nums: number; perRule: number[]; rulesSeen: number };
}

export function emptyAggregates(rules: number): GroupState['agg'] {
  return { freq: {}, distinct: 0, sum: 0, nums: 0, perRule: new Array<number>(rules).fill(0), rulesSeen: 0 };
}

/** correlation id -> group key -> state */
export type CorrelationSnapshot = Record<string, Record<string, GroupState>>;

export interface CorrelationStateStore {
  load(tenant: string): CorrelationSnapshot | undefined;
  save(tenant: string, snapshot: CorrelationSnapshot): void;
}

/** A store behind a network (src/store/postgres/correlation-state-postgres.ts): the engine
 *  loads and saves synchronously, so a tenant's snapshot is fetched by `prepare` before its
 *  engine is built, and saves are written in the background; `flush` waits for them. */
export interface PreparedCorrelationStateStore extends CorrelationStateStore {
  prepare(tenant: string): Promise<void>;
  flush(): Promise<void>;
}

export class MemoryCorrelationStateStore implements CorrelationStateStore {
  private readonly data = new Map<string, string>();
  load(tenant: string): CorrelationSnapshot | undefined {
    const s = this.data.get(tenant);
    return s ? (JSON.parse(s) as CorrelationSnapshot) : undefined;
  }
  save(tenant: string, snapshot: CorrelationSnapshot): void {
    this.data.set(tenant, JSON.stringify(snapshot));
  }
}

/** Bounds on state, so a flood of distinct groups cannot exhaust memory. */
export const STATE_LIMITS = { entriesPerGroup: 10_000, groupsPerCorrelation: 100_000 } as const;
