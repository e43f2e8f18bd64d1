// `stegosoc correlator`: the stateful stage of scale-out. Workers run the single-event rules
// and publish, per match some correlation listens to, a correlation input on the correlation
// stream, partitioned by (tenant, group key). The correlator reads its partitions, each in
// stream order through its own durable consumer, and runs the tenant's CorrelationEngine on
// them: every match of a group reaches the same engine, so correlations are exact whatever
// worker saw the events.
//
// Order. Workers publish as their batches commit, so a partition holds inputs roughly, not
// exactly, in event time. Each (tenant, partition) keeps a reorder buffer, fed to the engine in
// (event time, event id) order, i.e. the order of the single-process engine reading the same
// (time-sorted) lines. An input waits until it has been here `holdMs` (a worker that lags
// behind the other has published by then) AND the partition has seen an input `latenessMs`
// of event time later or been idle for `idleMs`: event time alone is not enough, since a gap
// in the logs (a quiet night) moves it past what a slower worker still holds. Inputs later
// than that are still fed, in arrival order.
//
// Exactly once. Per fetched batch and tenant, ONE transaction stores the alerts raised and the
// state (windows, reorder buffer) with the last stream sequence included; the messages are
// acked after it. Restarted (kill -9), the correlator loads the state, recreates the
// partition's consumer from the oldest message left, and skips messages at or below the saved
// sequence: no alert is lost or raised twice.
//
// Chains. Workers partition a correlation's inputs by the group-by fields it shares with every
// correlation chained to it (CorrelationEngine.partitionKeyOf), so a hit that feeds another
// correlation feeds it here, at once, as in the single-process engine. Republishing hits to
// another partition instead would make them late there by the reorder delay: the next step's
// own inputs would already have been judged without them.
import type { NatsConnection } from '@nats-io/nats-core';
import { jetstream, type JsMsg } from '@nats-io/jetstream';
import { errorMessage } from '../../core/errors.ts';
import { judgedOnArrival } from '../../detect/sigma/correlation-condition.ts';
import { hitAsInput } from '../../detect/sigma/correlation.ts';
import type { CorrelationSnapshot } from '../../detect/sigma/correlation-state.ts';
import { DetectionEngine } from '../../detect/sigma/engine.ts';
import { buildLayeredRuleset, type LayeredRuleset } from '../../detect/sigma/layering.ts';
import { PostgresAlertBuffer } from '../../store/postgres/alert-sink-postgres.ts';
import { loadCorrelatorState, saveCorrelatorState } from '../../store/postgres/correlator-state.ts';
import type { PostgresStore } from '../../store/postgres/postgres-store.ts';
import { ensureCorrelationStream, resetPartitionConsumer, partitionDurable, type CorrelationStreamOptions, type CorrelationStreamRef } from './correlation-stream.ts';
import { asCorrelationInput, compareInputs, decodeInput, type CorrelationInputMessage } from './correlation-wire.ts';
import { BadMessage } from './wire.ts';

export interface CorrelatorRun {
  nc: NatsConnection;
  store: PostgresStore;
  /** Data directory with the tenants' rule layers. */
  dataDir: string;
  stream?: CorrelationStreamOptions;
  /** Partitions this correlator owns (default: all). One correlator per partition. */
  partitions?: readonly number[];
  /** Event time an input waits for later ones before it is judged (default 2 min). */
  latenessMs?: number;
  /** A partition with no message this long feeds everything it holds (default 2 s). */
  idleMs?: number;
  /** Wall time an input stays in the reorder buffer at least (default 5 s). */
  holdMs?: number;
  /** Messages per fetch, stored in one transaction per tenant (default 500). */
  batch?: number;
  ackWaitMs?: number;
  /** Delay before a partition whose commit failed starts over from its saved state (default 1 s). */
  retryMs?: number;
  signal: AbortSignal;
  onWarning?: (message: string) => void;
  /** After each commit of a (tenant, partition). */
  onCommit?: (done: CommitDone) => void;
}

export interface CommitDone {
  tenant: string;
  partition: number;
  /** Messages of this tenant the commit includes (skipped redeliveries not counted). */
  messages: number;
  /** Alerts stored for the first time. */
  alerts: number;
  lastSeq: number;
  /** Inputs still waiting in the reorder buffer. */
  waiting: number;
}

export interface CorrelatorTotals {
  messages: number;
  skipped: number;
  alerts: number;
}

/** How often (in event time) bounded windows are checked for closing (as DetectionEngine). */
const CLOSE_CHECK_MS = 1000;

/** What is saved per (tenant, partition) besides the last sequence. */
interface PartitionState {
  windows: CorrelationSnapshot;
  pending: Waiting[];
  /** Latest event time seen (null: none yet; JSON has no -Infinity). */
  maxTime: number | null;
  closeCheck: number | null;
}

/** An input in the reorder buffer and when it came (epoch ms, wall time). */
interface Waiting {
  m: CorrelationInputMessage;
  at: number;
}

/** One tenant's state in one partition. */
class TenantPartition {
  private readonly sink = new PostgresAlertBuffer();
  /** undefined: the tenant's rules could not be built; its inputs are consumed and dropped. */
  private readonly engine: DetectionEngine | undefined;
  private readonly hasBounded: boolean;
  pending: Waiting[] = [];
  maxTime: number | null = null;
  closeCheck: number | null = null;
  lastSeq = 0;
  accepted = 0;

  constructor(
    readonly tenant: string,
    layered: LayeredRuleset | undefined,
  ) {
    this.engine = layered
      ? new DetectionEngine(layered.ruleset, { tenant, sink: this.sink, layerOf: layered.layerOf, stableIds: true })
      : undefined;
    this.hasBounded = layered?.ruleset.correlations.some((c) => !judgedOnArrival(c)) ?? false;
  }

  restore(lastSeq: number, s: PartitionState): void {
    this.lastSeq = lastSeq;
    this.engine?.correlations.restore(s.windows);
    this.pending = s.pending;
    this.maxTime = s.maxTime;
    this.closeCheck = s.closeCheck;
  }

  saved(): PartitionState {
    return {
      windows: this.engine?.correlations.snapshot() ?? {}, pending: this.pending, maxTime: this.maxTime,
      closeCheck: this.closeCheck,
    };
  }

  accept(m: CorrelationInputMessage, seq: number, now: number): void {
    this.pending.push({ m, at: now });
    if (this.maxTime === null || m.t > this.maxTime) this.maxTime = m.t;
    this.lastSeq = seq;
    this.accepted++;
  }

  /** Feeds the engine, in order, the waiting inputs at or before `watermark` (event time) that
   *  came at or before `cameBy` (wall time): the first one that must wait holds the rest. */
  release(watermark: number, cameBy: number): void {
    if (this.pending.length === 0) return;
    this.pending.sort((a, b) => compareInputs(a.m, b.m));
    let n = 0;
    for (const w of this.pending) {
      if (w.m.t > watermark || w.at > cameBy) break;
      n++;
    }
    if (n === 0) return;
    const ready = this.pending.splice(0, n);
    for (const w of ready) this.feed(w.m);
  }

  takeAlerts() {
    return this.sink.takeWrites();
  }

  private feed(m: CorrelationInputMessage): void {
    const engine = this.engine;
    if (!engine) return;
    if (this.hasBounded && (this.closeCheck === null || m.t - this.closeCheck >= CLOSE_CHECK_MS)) {
      this.closeCheck = m.t;
      // Chains are followed by the engine: the chained correlations' groups are in this partition.
      engine.correlationAlerts(engine.correlations.flush(m.t));
    }
    const hits = engine.correlations.onMatchOf(m.c, asCorrelationInput(m));
    const all = [...hits];
    for (const h of hits) all.push(...engine.correlations.onMatch(hitAsInput(h), m.d + 1));
    if (all.length > 0) engine.correlationAlerts(all);
  }
}

export async function runCorrelator(run: CorrelatorRun): Promise<CorrelatorTotals> {
  const warn = run.onWarning ?? (() => {});
  const ref = await ensureCorrelationStream(run.nc, run.stream);
  const partitions = run.partitions ?? Array.from({ length: ref.partitions }, (_, i) => i);
  for (const p of partitions) {
    if (!Number.isInteger(p) || p < 0 || p >= ref.partitions) throw new Error(`partition ${p} is not one of the stream's 0-${ref.partitions - 1}`);
  }
  const totals: CorrelatorTotals = { messages: 0, skipped: 0, alerts: 0 };
  // Rulesets are per tenant; every partition's engines share them (read-only).
  const rulesets = new Map<string, LayeredRuleset | undefined>();
  const warned = new Set<string>();
  const warnOnce = (m: string) => {
    if (warned.has(m)) return;
    warned.add(m);
    warn(m);
  };
  const rulesetOf = (tenant: string): LayeredRuleset | undefined => {
    if (rulesets.has(tenant)) return rulesets.get(tenant);
    let layered: LayeredRuleset | undefined;
    try {
      layered = buildLayeredRuleset({ dataDir: run.dataDir, tenant });
      for (const e of layered.errors) warnOnce(`rule rejected: ${e.toString()}`);
    } catch (err) {
      warnOnce(`correlations are off for tenant ${tenant}: ${errorMessage(err)}`);
    }
    rulesets.set(tenant, layered);
    return layered;
  };
  await Promise.all(partitions.map((p) => runPartition(run, ref, p, rulesetOf, totals, warn)));
  return totals;
}

async function runPartition(
  run: CorrelatorRun, ref: CorrelationStreamRef, partition: number,
  rulesetOf: (tenant: string) => LayeredRuleset | undefined, totals: CorrelatorTotals, warn: (m: string) => void,
): Promise<void> {
  // A pull request expires no sooner than a second.
  const idleMs = Math.max(1000, run.idleMs ?? 2000);
  const lateness = run.latenessMs ?? 120_000;
  const hold = run.holdMs ?? 5000;
  const js = jetstream(run.nc);
  let tenants = new Map<string, TenantPartition>();

  const tenantOf = async (tenant: string): Promise<TenantPartition> => {
    let tp = tenants.get(tenant);
    if (tp) return tp;
    tp = new TenantPartition(tenant, rulesetOf(tenant));
    const saved = await loadCorrelatorState<PartitionState>(run.store, tenant, partition);
    if (saved) tp.restore(saved.lastSeq, saved.state);
    tenants.set(tenant, tp);
    return tp;
  };

  const commit = async (tp: TenantPartition): Promise<void> => {
    const fresh = await saveCorrelatorState(run.store, tp.tenant, partition, { lastSeq: tp.lastSeq, state: tp.saved() }, tp.takeAlerts());
    totals.alerts += fresh;
    run.onCommit?.({ tenant: tp.tenant, partition, messages: tp.accepted, alerts: fresh, lastSeq: tp.lastSeq, waiting: tp.pending.length });
    tp.accepted = 0;
  };

  while (!run.signal.aborted) {
    try {
      await resetPartitionConsumer(run.nc, ref, partition, run.ackWaitMs);
      const consumer = await js.consumers.get(ref.name, partitionDurable(partition));
      while (!run.signal.aborted) {
        const msgs: JsMsg[] = [];
        const iter = await consumer.fetch({ max_messages: run.batch ?? 500, expires: idleMs });
        for await (const m of iter) msgs.push(m);
        if (msgs.length === 0) {
          // Idle: nothing later is coming for now, so what waited long enough is judged.
          for (const tp of tenants.values()) {
            const waiting = tp.pending.length;
            if (waiting === 0) continue;
            tp.release(Infinity, Date.now() - hold);
            if (tp.pending.length < waiting) await commit(tp);
          }
          continue;
        }
        const touched = new Set<TenantPartition>();
        const done: JsMsg[] = [];
        for (const m of msgs) {
          let decoded;
          try {
            decoded = decodeInput(m.headers, m.string());
          } catch (err) {
            if (!(err instanceof BadMessage)) throw err;
            warn(`correlation input ${m.seq} on ${m.subject} dropped: ${err.message}`);
            m.term(err.message);
            continue;
          }
          done.push(m);
          const tp = await tenantOf(decoded.tenant);
          // Already in the saved state (the commit happened, the ack did not).
          if (m.seq <= tp.lastSeq) {
            totals.skipped++;
            continue;
          }
          tp.accept(decoded.input, m.seq, Date.now());
          touched.add(tp);
          totals.messages++;
        }
        for (const tp of touched) {
          if (tp.maxTime !== null) tp.release(tp.maxTime - lateness, Date.now() - hold);
          await commit(tp);
        }
        for (const m of done) m.ack();
      }
    } catch (err) {
      if (run.signal.aborted) break;
      // Storing failed (or NATS did): start over from the saved state; the messages not
      // acked come again, in order, from the recreated consumer.
      warn(`partition ${partition}: ${errorMessage(err)}; starting over from the saved state`);
      tenants = new Map();
      await new Promise((r) => setTimeout(r, run.retryMs ?? 1000));
    }
  }
}
