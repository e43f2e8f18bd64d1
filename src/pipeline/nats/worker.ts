// `stegosoc worker`: a stateless parse + L1 worker. It binds to the stream's shared durable
// pull consumer (N workers = one work queue), and for each message: parse stage, the tenant's
// Sigma rules, then ONE store transaction (writeBatch) with the events, unparsed lines,
// counters, templates and alerts; the message is acked only after that commit. A worker
// killed at any point loses nothing: its unacked messages go to another worker after the ack
// wait, and the redelivered batch's event and alert ids are already stored, so it inserts and
// counts nothing.
import type { NatsConnection } from '@nats-io/nats-core';
import { jetstream, type JsMsg } from '@nats-io/jetstream';
import { errorMessage } from '../../core/errors.ts';
import type { Store } from '../../store/store.ts';
import { mergeCounters, type Counters } from '../counters.ts';
import type { TenantParts } from '../tenant-parts.ts';
import { ensureConsumer, type ConsumerOptions, DEFAULT_STREAM } from './stream.ts';
import { BadMessage, decodeBatch } from './wire.ts';
import { parseOrKeep } from './parse-or-keep.ts';
import type { WorkerDetect } from './worker-detect.ts';
import { publishInputs, type CorrelationStreamRef } from './correlation-stream.ts';

export interface WorkerRun {
  nc: NatsConnection;
  /** Where batches go: the shared PostgreSQL store in scale-out (any Store works). */
  store: Store;
  parts: TenantParts;
  /** L1 detection; absent = events are only stored. */
  detect?: WorkerDetect;
  consumer?: ConsumerOptions;
  /** Where the correlation inputs of a WorkerDetect built with `correlate` go (published after
   *  the batch commits, before its ack); required with such a detector. */
  correlations?: CorrelationStreamRef;
  signal: AbortSignal;
  /** Messages fetched ahead of the one being processed (default 4). */
  prefetch?: number;
  /** Messages in progress at once (default 2): one is parsed while another is committed. */
  concurrency?: number;
  /** Delay before a message that failed to store is offered again (default 1 s). */
  retryMs?: number;
  onWarning?: (message: string) => void;
  /** After each committed and acked message. */
  onMessage?: (done: MessageDone) => void;
}

export interface MessageDone {
  tenant: string;
  lines: number;
  insertedEvents: number;
  /** Alerts stored for the first time. */
  alerts: number;
  redelivered: boolean;
}

export interface WorkerTotals {
  messages: number;
  insertedEvents: number;
  alerts: number;
  counters: Counters;
}

export async function runWorker(run: WorkerRun): Promise<WorkerTotals> {
  const warn = run.onWarning ?? (() => {});
  const totals: WorkerTotals = { messages: 0, insertedEvents: 0, alerts: 0, counters: {} };
  const durable = await ensureConsumer(run.nc, run.consumer);
  const consumer = await jetstream(run.nc).consumers.get(run.consumer?.stream ?? DEFAULT_STREAM, durable);
  const messages = await consumer.consume({ max_messages: run.prefetch ?? 4 });
  const stop = () => void messages.close();
  if (run.signal.aborted) stop();
  run.signal.addEventListener('abort', stop, { once: true });

  const handle = async (m: JsMsg): Promise<void> => {
    let batch;
    try {
      batch = decodeBatch(m.headers, m.string());
    } catch (err) {
      if (!(err instanceof BadMessage)) throw err;
      // Not ours or damaged: retrying cannot help, and it must not block the queue.
      warn(`message ${m.seq} on ${m.subject} dropped: ${err.message}`);
      m.term(err.message);
      return;
    }
    const { tenant } = batch;
    try {
      await run.parts.prepare(tenant);
      const out = parseOrKeep(batch, run.parts, warn);
      const minerSnapshot = run.parts.snapshotDue(tenant);
      const alerts = run.detect?.run(tenant, out.events);
      const inputs = run.detect?.takeInputs() ?? [];
      // One transaction: events, unparsed lines, counters, templates and alerts.
      const written = await run.store.writeBatch({
        tenant, events: out.events, unparsed: out.unparsed, counters: out.counters, templates: out.templates,
        ...(minerSnapshot !== undefined ? { minerSnapshot } : {}),
        ...(alerts?.length ? { alerts } : {}),
      });
      const fresh = written.insertedAlerts ?? 0;
      // After the commit (a batch that fails to store publishes nothing) and before the ack (a
      // worker killed in between is redelivered the batch and re-publishes the same message
      // ids, which the stream drops as duplicates).
      if (inputs.length > 0) {
        if (!run.correlations) throw new Error('correlation inputs without a correlation stream');
        await publishInputs(run.nc, run.correlations, tenant, inputs);
      }
      // Only now: the commit happened, so a lost ack means a harmless redelivery.
      m.ack();
      totals.messages++;
      totals.insertedEvents += written.insertedEvents;
      totals.alerts += fresh;
      mergeCounters(totals.counters, out.counters);
      run.onMessage?.({ tenant, lines: batch.lines.length, insertedEvents: written.insertedEvents, alerts: fresh, redelivered: m.redelivered });
    } catch (err) {
      run.detect?.forget(tenant);
      warn(`message ${m.seq} of tenant ${tenant} not stored, offered again: ${errorMessage(err)}`);
      m.nak(run.retryMs ?? 1000);
    }
  };

  const inFlight = new Set<Promise<void>>();
  const limit = run.concurrency ?? 2;
  try {
    for await (const m of messages) {
      // Fetched ahead but not started: hand it back at once rather than after the ack wait.
      if (run.signal.aborted) {
        m.nak();
        continue;
      }
      const p = handle(m).finally(() => inFlight.delete(p));
      inFlight.add(p);
      if (inFlight.size >= limit) await Promise.race(inFlight);
    }
  } finally {
    await Promise.all(inFlight);
    run.signal.removeEventListener('abort', stop);
    // The miners learned from what this worker parsed: keep it for the next start.
    for (const tenant of run.parts.tenantNames()) {
      const minerSnapshot = run.parts.snapshotDue(tenant, true);
      if (minerSnapshot !== undefined) {
        await run.store.writeBatch({ tenant, events: [], unparsed: [], counters: {}, minerSnapshot }).catch((err: unknown) => warn(`miner snapshot of ${tenant} not saved: ${errorMessage(err)}`));
      }
    }
  }
  return totals;
}
