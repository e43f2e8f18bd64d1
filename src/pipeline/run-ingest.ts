// The ingest loop of one process: every source runs its own loop (so a slow file does not
// hold up syslog), each batch goes through the parse stage and is written to the store in
// ONE transaction with the source's checkpoint, and the miner snapshot when it is due.
// That transaction is the exactly-once guarantee: a crash either keeps a batch and its
// checkpoint, or neither, and event ids make any replay a no-op. Detection (when on) runs
// on the parsed batch and stores its alerts just before that transaction: alert ids derive
// from event ids, so a crash in between replays into the same alerts (detect-stage.ts).
import type { Store } from '../store/store.ts';
import type { LineBatch, Source } from '../ingest/batch.ts';
import { joinedBatches } from './open-join.ts';
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
    for await (const batch of joinedBatches(source, run.parts, run.signal)) await processBatch(batch);
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
