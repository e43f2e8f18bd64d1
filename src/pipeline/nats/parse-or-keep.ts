// The parse stage for a worker's message, with one difference from the local pipeline: should
// the stage itself throw (a bug, not bad input — bad lines are already kept as unparsed), the
// message's lines are stored as unparsed with the error as reason. In a work queue a message
// that fails every time would come back forever and hold its place; this way nothing is lost,
// the lines stay visible with why, and the queue moves on.
import type { UnparsedRecord } from '../../core/event.ts';
import { errorMessage } from '../../core/errors.ts';
import type { LineBatch } from '../../ingest/batch.ts';
import { addCounter, DROPPED, LINES, reasonKey, unparsedCounter } from '../counters.ts';
import { eventId, eventIdPrefix } from '../event-id.ts';
import { parseStage, type StageOutput } from '../parse-stage.ts';
import type { StageDeps } from '../stage-deps.ts';

export function parseOrKeep(batch: LineBatch, deps: StageDeps, onWarning: (m: string) => void, now = Date.now()): StageOutput {
  try {
    return parseStage(batch, deps, now);
  } catch (err) {
    const reason = `parse stage error: ${errorMessage(err)}`;
    onWarning(`${batch.lines.length} lines of ${batch.source} kept unparsed: ${reason}`);
    const prefix = eventIdPrefix(batch.tenant, batch.sourceId);
    const out: StageOutput = { events: [], unparsed: [], counters: {}, templates: [] };
    addCounter(out.counters, LINES, batch.lines.length);
    if (batch.dropped) addCounter(out.counters, DROPPED, batch.dropped);
    addCounter(out.counters, unparsedCounter(reasonKey(reason)), batch.lines.length);
    out.unparsed = batch.lines.map((l): UnparsedRecord => ({
      id: eventId(prefix, l.offset), tenant: batch.tenant, source: batch.source, ingested: now, raw: l.text, reason, length: l.length,
    }));
    return out;
  }
}
