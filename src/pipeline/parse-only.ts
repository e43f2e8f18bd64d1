// Parsing without a store (`stegosoc parse`): the same sources and parse stage as ingest, the
// miner learning in memory, and each line's outcome handed back in input order.
import type { Event, UnparsedRecord } from '../core/event.ts';
import { UNPARSED } from '../core/event.ts';
import type { Counters } from './counters.ts';
import { mergeCounters } from './counters.ts';
import { sourcesFor } from './ingest-setup.ts';
import { parseStage } from './parse-stage.ts';
import { tenantParts } from './parse-parts.ts';

/** An event, or an unparsed line (its `parser` is `unparsed`, with the reason). */
export type ParseOutcome = Event | (UnparsedRecord & { parser: string });

export interface ParseOnlyRequest {
  paths: readonly string[];
  tenant: string;
  dataDir: string;
  maxLineBytes?: number;
  signal: AbortSignal;
  onWarning?: (message: string) => void;
}

/** Offset of the line an id was made from (ids end in `.<offset base 36>`). */
const offsetOf = (id: string) => parseInt(id.slice(id.lastIndexOf('.') + 1), 36);

export async function parseOnly(req: ParseOnlyRequest, emit: (outcome: ParseOutcome) => void): Promise<Counters> {
  const sources = sourcesFor({
    paths: req.paths, tenant: req.tenant, follow: false, dataDir: req.dataDir, signal: req.signal,
    // Nothing is stored, so every run reads from the start.
    store: { getCheckpoint: async () => undefined },
    ...(req.maxLineBytes !== undefined ? { maxLineBytes: req.maxLineBytes } : {}),
    ...(req.onWarning ? { onWarning: req.onWarning } : {}),
  });
  if (sources.length === 0) throw new Error('nothing to parse: give a file or `-` for stdin');
  const parts = tenantParts({ dataDir: req.dataDir, ...(req.onWarning ? { onWarning: req.onWarning } : {}) });
  const totals: Counters = {};
  for (const source of sources) {
    for await (const batch of source(req.signal)) {
      await parts.prepare(batch.tenant);
      const out = parseStage(batch, parts);
      mergeCounters(totals, out.counters);
      const all: ParseOutcome[] = [...out.events, ...out.unparsed.map((u) => ({ ...u, parser: UNPARSED }))];
      all.sort((a, b) => offsetOf(a.id) - offsetOf(b.id));
      for (const o of all) emit(o);
    }
  }
  return totals;
}
