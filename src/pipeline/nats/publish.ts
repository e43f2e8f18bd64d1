// `stegosoc ingest … --to nats://…`: the sources of one process publish their raw lines to
// JetStream instead of parsing them. A source's checkpoint is saved (in the local store) only
// once the stream has acknowledged every message up to it, so a crash re-reads from there and
// re-publishes the same message ids: JetStream drops them within its duplicate window, the
// store's event ids after it. Parsing, detection and storing happen in the workers.
import type { NatsConnection } from '@nats-io/nats-core';
import { jetstream, type PubAck } from '@nats-io/jetstream';
import type { LineBatch, Source } from '../../ingest/batch.ts';
import type { FramedLine } from '../../ingest/framing.ts';
import type { Checkpoint, Store } from '../../store/store.ts';
import { joinedBatches, openJoinStart } from '../open-join.ts';
import type { LineParsers } from '../stage-deps.ts';
import type { TenantParts } from '../tenant-parts.ts';
import { silentProgress, type ProgressReporter } from '../progress.ts';
import { encodeBatch } from './wire.ts';

export interface PublishRun {
  nc: NatsConnection;
  sources: readonly Source[];
  /** The tenants' parsers: a batch is never cut inside a multi-line (auditd) event. */
  parts: TenantParts;
  /** Where the sources' checkpoints are kept (the local embedded store). */
  checkpoints: Pick<Store, 'writeBatch'>;
  signal: AbortSignal;
  /** The stream's subject prefix (ensureStream returns it). */
  subjectPrefix: string;
  /** Publishes awaiting their acknowledgement at once, per source (default 16). */
  inFlight?: number;
  /** Lines per message at most (default 1000); bytes are bounded by the server's max_payload. */
  maxLines?: number;
  progress?: ProgressReporter;
}

export interface PublishTotals {
  lines: number;
  messages: number;
  /** Messages the stream already had (re-sent after a crash) and dropped. */
  duplicates: number;
}

interface Pending {
  ack: Promise<PubAck>;
  lines: number;
  tenant: string;
  checkpoint?: Checkpoint;
}

export async function publishSources(run: PublishRun): Promise<PublishTotals> {
  const js = jetstream(run.nc);
  const progress = run.progress ?? silentProgress;
  const totals: PublishTotals = { lines: 0, messages: 0, duplicates: 0 };
  // Headers and JSON framing take some room; half the server's limit leaves plenty.
  const maxBytes = Math.max(4096, Math.floor((run.nc.info?.max_payload ?? 1024 * 1024) / 2));
  const limits = { maxBytes, maxLines: run.maxLines ?? 1000 };
  const prefix = run.subjectPrefix;
  const window = run.inFlight ?? 16;

  const loop = async (source: Source) => {
    const pending: Pending[] = [];
    // Acks come back in order per connection; the checkpoint after one moves only when it
    // and every message before it are in the stream.
    const settleOldest = async () => {
      const p = pending.shift() as Pending;
      const ack = await p.ack;
      totals.messages++;
      if (ack.duplicate) totals.duplicates++;
      totals.lines += p.lines;
      progress.tick(p.lines);
      if (p.checkpoint) await run.checkpoints.writeBatch({ tenant: p.tenant, events: [], unparsed: [], counters: {}, checkpoint: p.checkpoint });
    };
    const publish = async (whole: LineBatch) => {
      for (const batch of sliceAtJoins(whole, run.parts.parsersFor(whole.tenant), limits.maxLines)) {
        for (const m of encodeBatch(batch, prefix, limits)) {
          if (pending.length >= window) await settleOldest();
          const ack = js.publish(m.subject, m.body, { msgID: m.msgID, headers: m.headers });
          // Settled in order below; a rejection is seen there, this only keeps it from being
          // reported as unhandled while it waits its turn.
          ack.catch(() => {});
          pending.push({
            ack, lines: m.lines, tenant: batch.tenant,
            ...(batch.checkpoint ? { checkpoint: { ...batch.checkpoint, offset: m.resumeAt } } : {}),
          });
        }
      }
    };
    try {
      for await (const batch of joinedBatches(source, run.parts, run.signal)) await publish(batch);
    } finally {
      // What was sent is settled either way, so the checkpoints stay true; after an error
      // the first failed ack stops it there.
      while (pending.length > 0) await settleOldest();
    }
  };
  try {
    await Promise.all(run.sources.map(loop));
  } finally {
    progress.done();
  }
  return totals;
}


/** Cuts a batch into slices of at most `maxLines`, never inside a multi-line (auditd) event:
 *  a worker parses each message alone, so a split event would be stored as two. Each slice
 *  but the last resumes just past its own last line; the last keeps the batch's checkpoint
 *  and its dropped-lines count. */
export function sliceAtJoins(batch: LineBatch, parsers: LineParsers, maxLines: number): LineBatch[] {
  if (batch.lines.length <= maxLines) return [batch];
  const out: LineBatch[] = [];
  const ctx = { tenant: batch.tenant, source: batch.source, now: Date.now() };
  let start = 0;
  while (batch.lines.length - start > maxLines) {
    const window = batch.lines.slice(start, start + maxLines);
    const cut = openJoinStart(window, parsers, ctx);
    // A join group filling the whole window (or none at its end) is cut at the window.
    const lines = cut > 0 ? window.slice(0, cut) : window;
    const last = lines[lines.length - 1] as FramedLine;
    const { dropped: _dropped, ...rest } = batch;
    out.push({ ...rest, lines, more: false, ...(batch.checkpoint ? { checkpoint: { ...batch.checkpoint, offset: last.end } } : {}) });
    start += lines.length;
  }
  out.push({ ...batch, lines: batch.lines.slice(start) });
  return out;
}
