// The ingest loop of one process: every source runs its own loop (so a slow file does not
// hold up syslog), each batch goes through the parse stage and is written to the store in
// ONE transaction with the source's checkpoint, and the miner snapshot when it is due.
// That transaction is the exactly-once guarantee: a crash either keeps a batch and its
// checkpoint, or neither, and event ids make any replay a no-op. Detection (when on) runs
// on the parsed batch and stores its alerts just before that transaction: alert ids derive
// from event ids, so a crash in between replays into the same alerts (detect-stage.ts).
import type { Store } from '../store/store.ts';
import type { LineBatch, Source } from '../ingest/batch.ts';
import type { FramedLine } from '../ingest/framing.ts';
import { holdOpenJoin } from './open-join.ts';
import { mergeCounters, type Counters } from './counters.ts';
import { parseStage } from './parse-stage.ts';
import type { TenantParts } from './tenant-parts.ts';
import { silentProgress, type ProgressReporter } from './progress.ts';
import type { DetectStage } from './detect-stage.ts';

/** Counter of alerts raised (first time stored) by the detection stage. */
export const ALERTS = 'alerts';

export interface IngestRun {
  store: Store;
  sources: readonly Source[];
  parts: TenantParts;
  signal: AbortSignal;
  progress?: ProgressReporter;
  /** L1 (Sigma) detection over every batch; absent = events are only stored. */
  detect?: DetectStage;
  /** Called after each stored batch (tests and the demo watch it). */
  onBatch?: (batch: LineBatch, counters: Readonly<Counters>) => void;
}

export async function runIngest(run: IngestRun): Promise<Counters> {
  const totals: Counters = {};
  const progress = run.progress ?? silentProgress;
  const processBatch = async (batch: LineBatch) => {
    const out = parseStage(batch, run.parts);
    const minerSnapshot = run.parts.snapshotDue(batch.tenant);
    const alerts = run.detect?.process(batch.tenant, out.events).length ?? 0;
    await run.store.writeBatch({
      tenant: batch.tenant,
      events: out.events,
      unparsed: out.unparsed,
      counters: out.counters,
      templates: out.templates,
      ...(batch.checkpoint ? { checkpoint: batch.checkpoint } : {}),
      ...(minerSnapshot !== undefined ? { minerSnapshot } : {}),
    });
    run.detect?.committed(batch.tenant);
    mergeCounters(totals, out.counters);
    // Not a stored counter: the alerts table is the record, this is the run's tally.
    if (run.detect) totals[ALERTS] = (totals[ALERTS] ?? 0) + alerts;
    progress.tick(batch.lines.length);
    run.onBatch?.(batch, out.counters);
  };
  const loop = async (source: Source) => {
    // Per stream (a source such as a glob reads several files): lines held back because the
    // batch ended inside a multi-line event, with that stream's latest batch.
    const held = new Map<string, { lines: FramedLine[]; last: LineBatch }>();
    for await (const got of source(run.signal)) {
      await run.parts.prepare(got.tenant);
      const before = held.get(got.sourceId);
      const whole = before ? { ...got, lines: [...before.lines, ...got.lines] } : got;
      const split = holdOpenJoin(whole, run.parts.parsersFor(got.tenant), Date.now());
      if (split.held.length > 0) held.set(got.sourceId, { lines: split.held, last: got });
      else held.delete(got.sourceId);
      if (split.now.lines.length > 0) await processBatch(split.now);
    }
    // The source ended (not aborted): what was held is complete now. When aborted, the
    // checkpoints stop before the held lines, so the next run reads them again.
    if (run.signal.aborted) return;
    for (const { lines, last } of held.values()) await processBatch({ ...last, lines, more: false });
  };
  try {
    await Promise.all(run.sources.map(loop));
  } finally {
    // Shutdown (end of input or a signal): save every miner that learned since its last save.
    for (const tenant of run.parts.tenantNames()) {
      const minerSnapshot = run.parts.snapshotDue(tenant, true);
      if (minerSnapshot !== undefined) await run.store.writeBatch({ tenant, events: [], unparsed: [], counters: {}, minerSnapshot });
    }
    progress.done();
  }
  return totals;
}
