// L1 detection inside the ingest pipeline: every parsed batch goes through the tenant's Sigma
// ruleset (global layer + the tenant's own) before it is stored. Alerts land in `sigma_alerts`
// of the store's SQLite file, where the server's alert desk and live stream read them.
//
// Exactly-once, as for events: alert ids derive from event ids (rule alerts) or from rule,
// group and window time (correlations), and the alerts of a batch are written BEFORE the
// batch and its checkpoint. A crash in between replays the batch from the old checkpoint and
// the old correlation state (saved only after the batch is stored), which re-creates the same
// ids; an alert already stored is kept as it is (not replaced), so its rowid — the live
// stream's cursor — and its folded repeats stay put and nobody is told twice.
import Database from 'better-sqlite3';
import type { Event } from '../core/event.ts';
import { buildLayeredRuleset, type LayeredRuleset } from '../detect/sigma/layering.ts';
import { RulesetReloader } from '../detect/sigma/rule-watcher.ts';
import { DetectionEngine } from '../detect/sigma/engine.ts';
import { SqliteAlertSink } from '../detect/sigma/alert-store-sqlite.ts';
import { SqliteCorrelationStateStore } from '../detect/sigma/correlation-state-sqlite.ts';
import type { CorrelationStateStore, PreparedCorrelationStateStore } from '../detect/sigma/correlation-state.ts';
import type { Alert } from '../detect/sigma/alert.ts';
import type { AlertQuery, AlertSink } from '../detect/sigma/alert-sink.ts';
import type { DetectEvent } from '../detect/sigma/detect-event.ts';
import type { AlertWrite } from '../store/store.ts';

export interface DetectStageOptions {
  /** Data directory holding tenants/<t>/{rules,filters,mappings,lists}. */
  dataDir: string;
  /** SQLite file for sigma_alerts and correlation state: the event store's file, so the
   *  server reads the alerts where it reads the events. Not needed (no file is opened) with
   *  alertsWithBatch and a `state` store. */
  file?: string;
  /** Correlation state kept in the shared store instead of `file` (the server on PostgreSQL):
   *  call `prepare(tenant)` before a tenant's batch, and `state.flush()` after close. */
  state?: PreparedCorrelationStateStore;
  /** Rejected rules and other problems, each reported once. */
  onWarning?: (message: string) => void;
  /** Least time between correlation-state saves of a tenant (0 = after every stored batch). */
  stateEveryMs?: number;
  /** Collect each batch's alert writes (takeAlertWrites) for the store to commit in the
   *  batch's own transaction, instead of writing them here: the store's writer (thread) is
   *  then the only writer of the file, and events and their alerts commit all or none. */
  alertsWithBatch?: boolean;
  /** Rebuild a tenant's ruleset when its rule, filter, mapping or list files change
   *  (detect/sigma/rule-watcher.ts); a bad edit keeps the previous ruleset and is warned. */
  watchRules?: boolean | { debounceMs?: number };
  /** Fold repeats of a rule for the same entity (user, host, source) within this many ms into
   *  one alert with a repeat count (0 = off). */
  throttleMs?: number;
}

interface TenantEngine {
  engine: DetectionEngine;
  /** Batches run but not stored yet (sources of a tenant interleave): while any is, the
   *  in-memory state is ahead of the store and must not be saved. */
  pending: number;
  /** Stored batches went through since the state was last saved. */
  dirty: boolean;
  savedAt: number;
  reloader?: RulesetReloader;
  /** A reloaded ruleset waiting for the tenant's batches in flight to be stored. */
  next?: LayeredRuleset;
}

/** Writes an alert only when its id is new: a replay must not move or reset a stored alert. */
class FirstWriteSink implements AlertSink {
  private readonly exists: Database.Statement;
  /** Alerts of the current batch that were already stored (a replay). */
  readonly replayed = new Set<Alert>();

  constructor(
    db: Database.Database,
    private readonly inner: SqliteAlertSink,
  ) {
    this.exists = db.prepare('SELECT 1 FROM sigma_alerts WHERE tenant = ? AND id = ?').pluck();
  }

  add(alert: Alert): void {
    if (this.exists.get(alert.tenant, alert.id) !== undefined) this.replayed.add(alert);
    else this.inner.add(alert);
  }

  addRepeats(tenant: string, alertId: string, repeats: number, eventId?: string): void {
    this.inner.addRepeats(tenant, alertId, repeats, eventId);
  }

  list(q: AlertQuery): Alert[] {
    return this.inner.list(q);
  }
}

/** Keeps a batch's alert writes for the store (alertsWithBatch): the store stores an alert
 *  only when its id is new, as FirstWriteSink does. */
class CollectingSink implements AlertSink {
  writes: AlertWrite[] = [];

  add(alert: Alert): void {
    this.writes.push({ kind: 'alert', alert });
  }

  addRepeats(tenant: string, alertId: string, repeats: number, eventId?: string): void {
    this.writes.push({ kind: 'repeats', tenant, alertId, repeats, ...(eventId !== undefined ? { eventId } : {}) });
  }

  /** Alerts are read from the store (the alert desk), not from the pipeline's sink. */
  list(): Alert[] {
    return [];
  }
}

export function toDetectEvent(e: Event): DetectEvent {
  return { fields: e.fields, raw: e.raw, time: e.time, tenant: e.tenant, parser: e.parser, eventId: e.id };
}

export class DetectStage {
  /** Absent when alerts go with the batch and the state lives in the shared store. */
  private readonly db: Database.Database | undefined;
  private readonly sink: FirstWriteSink | CollectingSink;
  private readonly state: CorrelationStateStore;
  private closed = false;
  /** undefined: the tenant's ruleset could not be built (warned), detection is off for it. */
  private readonly engines = new Map<string, TenantEngine | undefined>();
  private readonly warned = new Set<string>();
  private readonly runBatch: (engine: DetectionEngine, events: readonly Event[]) => Alert[];

  constructor(private readonly options: DetectStageOptions) {
    const needsFile = !options.alertsWithBatch || !options.state;
    if (needsFile && options.file === undefined) throw new Error('DetectStage: a file is needed for its alerts or its correlation state');
    const db = needsFile ? new Database(options.file) : undefined;
    db?.pragma('busy_timeout = 5000');
    db?.pragma('journal_mode = WAL');
    this.db = db;
    this.sink = db && !options.alertsWithBatch ? new FirstWriteSink(db, new SqliteAlertSink(db)) : new CollectingSink();
    this.state = options.state ?? new SqliteCorrelationStateStore(db as Database.Database);
    // One transaction per batch: a thousand alerts cost one commit, and a batch's alerts are
    // stored all or none.
    const runEvents = (engine: DetectionEngine, events: readonly Event[]) => {
      const out: Alert[] = [];
      for (const e of events) for (const a of engine.process(toDetectEvent(e))) out.push(a);
      return out;
    };
    // Collecting writes nothing here, so it needs no transaction (and takes no lock).
    this.runBatch = db && !options.alertsWithBatch ? db.transaction(runEvents) : runEvents;
  }

  /** Fetches what a tenant's engine needs before its first batch (its correlation state, from
   *  a shared store); nothing to do with a file. */
  async prepare(tenant: string): Promise<void> {
    if (!this.engines.has(tenant)) await this.options.state?.prepare(tenant);
  }

  /** Runs a batch of one tenant's events; returns the alerts it raised for the first time
   *  (with alertsWithBatch, every alert raised: the store tells which were new). */
  process(tenant: string, events: readonly Event[]): Alert[] {
    const t = this.engineOf(tenant);
    if (!t || events.length === 0) return [];
    if (t.next && t.pending === 0) this.swapRuleset(tenant, t);
    if (this.sink instanceof FirstWriteSink) this.sink.replayed.clear();
    else this.sink.writes = [];
    let alerts: Alert[];
    try {
      alerts = this.runBatch(t.engine, events);
    } catch (err) {
      // The transaction dropped the batch's alerts, but the engine's windows took part of it:
      // forget this engine, the next batch rebuilds it from the last saved state.
      this.engines.delete(tenant);
      throw err;
    }
    t.pending++;
    const sink = this.sink;
    if (sink instanceof CollectingSink) return alerts;
    const fresh = sink.replayed.size === 0 ? alerts : alerts.filter((a) => !sink.replayed.has(a));
    sink.replayed.clear();
    return fresh;
  }

  /** The alert writes of the batches processed since the last call (alertsWithBatch), to
   *  hand to the store with the batch: BatchWrite.alerts. */
  takeAlertWrites(): AlertWrite[] {
    if (!(this.sink instanceof CollectingSink)) return [];
    const writes = this.sink.writes;
    this.sink.writes = [];
    return writes;
  }

  /** Call once the batch is stored: saves the tenant's correlation state when due. */
  committed(tenant: string, now = Date.now()): void {
    const t = this.engines.get(tenant);
    if (!t?.pending) return;
    t.pending--;
    t.dirty = true;
    if (t.pending > 0 || now - t.savedAt < (this.options.stateEveryMs ?? 0)) return;
    t.engine.saveState();
    t.dirty = false;
    t.savedAt = now;
  }

  /** Saves every tenant's correlation state, so open windows carry over to the next run. A
   *  tenant with a batch run but not stored keeps its saved state: the replay re-feeds it. */
  saveState(): void {
    for (const t of this.engines.values()) {
      if (!t?.dirty || t.pending > 0) continue;
      t.engine.saveState();
      t.dirty = false;
      t.savedAt = Date.now();
    }
  }

  /** Forgets a tenant's engine (saving its correlation state first when no batch is in
   *  flight), so its next batch rebuilds it from the rule layers: a rule, filter or list
   *  written since then applies (e.g. the filter a false positive writes). */
  reload(tenant: string): void {
    const t = this.engines.get(tenant);
    if (t?.dirty && t.pending === 0) t.engine.saveState();
    t?.reloader?.close();
    this.engines.delete(tenant);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.saveState();
    for (const t of this.engines.values()) t?.reloader?.close();
    this.engines.clear();
    this.db?.close();
  }

  private engineOf(tenant: string): TenantEngine | undefined {
    if (this.engines.has(tenant)) return this.engines.get(tenant);
    let t: TenantEngine | undefined;
    try {
      const layered = buildLayeredRuleset({ dataDir: this.options.dataDir, tenant });
      for (const e of layered.errors) this.warnOnce(`rule rejected: ${e.toString()}`);
      for (const d of layered.unknownDisabled) this.warnOnce(`${d.layer} disables unknown rule id ${d.id}`);
      const created: TenantEngine = { engine: this.newEngine(tenant, layered), pending: 0, dirty: false, savedAt: Date.now() };
      const w = this.options.watchRules;
      if (w) {
        created.reloader = new RulesetReloader({ dataDir: this.options.dataDir, tenant }, {
          initial: layered,
          debounceMs: typeof w === 'object' ? w.debounceMs : undefined,
          onReload: (next) => { created.next = next; },
          onRejected: (errors) => { for (const e of errors) this.options.onWarning?.(`rule edit rejected, previous rules kept: ${e.toString()}`); },
        }).start();
      }
      t = created;
    } catch (err) {
      // A broken tenant layer must not stop ingestion: its events are still stored.
      this.warnOnce(`detection is off for tenant ${tenant}: ${(err as Error).message}`);
    }
    this.engines.set(tenant, t);
    return t;
  }

  private newEngine(tenant: string, layered: LayeredRuleset): DetectionEngine {
    return new DetectionEngine(layered.ruleset, {
      tenant, sink: this.sink, state: this.state, layerOf: layered.layerOf, stableIds: true,
      throttleMs: this.options.throttleMs, throttleBy: 'entity',
    });
  }

  /** Applies a reloaded ruleset: the correlation windows go through the store (saved from the
   *  old engine, loaded by the new one), so open windows of rules that stay carry over. */
  private swapRuleset(tenant: string, t: TenantEngine): void {
    const next = t.next as LayeredRuleset;
    t.next = undefined;
    if (t.dirty) {
      t.engine.saveState();
      t.dirty = false;
      t.savedAt = Date.now();
    }
    t.engine = this.newEngine(tenant, next);
    this.options.onWarning?.(`rules reloaded for tenant ${tenant}: ${next.ruleset.rules.length} rules, ${next.ruleset.correlations.length} correlations`);
  }

  private warnOnce(message: string): void {
    if (this.warned.has(message)) return;
    this.warned.add(message);
    this.options.onWarning?.(message);
  }
}
