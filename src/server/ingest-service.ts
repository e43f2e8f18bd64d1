// HTTP ingest: a request body becomes one batch of framed lines, goes through the parse
// stage and L1, and is committed in ONE store transaction before the request is answered,
// so a 2xx means stored. Batches are staged in arrival order; when too many are accepted and
// not yet committed the caller gets 429 with Retry-After (backpressure instead of unbounded
// memory), and retries with the same batch id, which stores nothing twice.
import { randomUUID } from 'node:crypto';
import { LineFramer, DEFAULT_MAX_LINE_BYTES, type FramedLine } from '../ingest/framing.ts';
import { isBlank, parseStage, type StageOutput } from '../pipeline/parse-stage.ts';
import { JSON_LINES } from '../parse/formats/json-lines.ts';
import { CLOUDTRAIL } from '../parse/formats/cloudtrail.ts';
import { WINLOG } from '../parse/formats/winlog.ts';
import { HttpError } from './http-error.ts';
import { EMPTY, MINED_COUNTER } from '../pipeline/counters.ts';
import type { TenantParts } from '../pipeline/tenant-parts.ts';
import type { DetectStage } from '../pipeline/detect-stage.ts';
import type { Store } from '../store/store.ts';
import type { ServerMetrics } from './metrics.ts';
import type { LiveHub } from './live-hub.ts';

export interface IngestResult {
  lines: number;
  events: number;
  unparsed: number;
  /** Events the store already held (a retried batch with the same batch id). */
  duplicates: number;
  /** Alerts the batch raised (none again for a retried batch: alert ids derive from event ids). */
  alerts: number;
}

export class QueueFullError extends Error {
  constructor(readonly depth: number) {
    super(`ingest queue full (${depth} batches waiting); retry later`);
  }
}

export interface IngestOptions {
  /** The body must be JSON objects, one per line: a batch with any other line is refused
   *  whole (400 naming the line) before anything of it is stored. */
  jsonLines?: boolean;
}

export interface IngestService {
  ingest(tenant: string, source: string, body: Buffer, batchId?: string, opts?: IngestOptions): Promise<IngestResult>;
  depth(): number;
  /** Saves every miner that learned since its last save (on shutdown). */
  flush(): Promise<void>;
}

const yieldTurn = () => new Promise<void>((res) => setImmediate(res));

export function frameBody(body: Buffer, maxLineBytes = DEFAULT_MAX_LINE_BYTES): FramedLine[] {
  // The streaming framer over one whole body: a hand-written whole-body framer measured
  // ~0.2 µs a line less, under 1% of a line's cost on this path, not worth a second framer.
  const framer = new LineFramer(maxLineBytes);
  return [...framer.push(body), ...framer.flush()];
}

/** Parsers that take a line only when it is a JSON object (json-lines.ts hands CloudTrail
 *  and Windows records to theirs): an event of theirs is a line known to be valid JSON. */
const JSON_PARSERS: ReadonlySet<string> = new Set([JSON_LINES, CLOUDTRAIL, WINLOG]);

/** Refuses a JSON-lines batch holding a line that is not a JSON object, naming the first.
 *  The parse stage already ran JSON.parse on every line its JSON parsers took, so when they
 *  took every non-blank line there is nothing left to check (parsing each line a second time
 *  here measured ~2–4 µs per line, on the thread that bounds the ingest rate); otherwise the
 *  lines are checked one by one to find the culprit (a tenant parser may also have taken
 *  valid JSON). A refused batch stores nothing; its lines may have taught the miner. */
function assertJsonLines(lines: readonly FramedLine[], out: StageOutput): void {
  let json = 0;
  for (const e of out.events) if (JSON_PARSERS.has(e.parser)) json++;
  if (json === lines.length - (out.counters[EMPTY] ?? 0)) return;
  let n = 0;
  for (const line of lines) {
    n += 1;
    // A line past the length limit is kept as unparsed with its reason, as on the raw route.
    if (line.tooLong || isBlank(line.text)) continue;
    let value: unknown;
    try {
      value = JSON.parse(line.text);
    } catch (err) {
      throw new HttpError(400, `line ${n}: not JSON (${(err as Error).message}); nothing was stored`);
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new HttpError(400, `line ${n}: not a JSON object; nothing was stored`);
  }
}

/** Outcome label of a parse counter, or undefined for counters that are not per line. */
function outcomeOf(counter: string): string | undefined {
  if (counter === EMPTY || counter === MINED_COUNTER || counter.startsWith('parsed:')) return counter;
  if (counter.startsWith('unparsed:')) return 'unparsed';
  return undefined;
}

export function ingestService(deps: { store: Store; parts: TenantParts; metrics: ServerMetrics; hub: LiveHub; maxQueued: number;
  /** L1 detection over every batch; its alerts reach the live stream through sigma_alerts. */
  detect?: DetectStage;
}): IngestService {
  let waiting = 0;
  // One chain for the CPU part of each batch (frame, parse, L1) and for handing it to the
  // store, so each tenant's miner and detector see batches in arrival order and the store
  // receives them in that order too. The commit itself is awaited outside the chain: with
  // the store's writer thread, batch N commits on the other core while batch N+1 is parsed.
  let chain: Promise<unknown> = Promise.resolve();
  /** Batches accepted and not yet committed (or failed), for flush(). */
  const inflight = new Set<Promise<void>>();
  const stage = async (tenant: string, source: string, body: Buffer, batchId: string, opts: IngestOptions) => {
    await deps.parts.prepare(tenant);
    await deps.detect?.prepare(tenant);
    const lines = frameBody(body);
    // The batch id names the byte stream: a client retrying with the same id re-sends the
    // same ids, which the store ignores — a retry after a lost answer stores nothing twice.
    const out = parseStage({ tenant, source, sourceId: `http:${batchId}`, lines }, deps.parts);
    if (opts.jsonLines) assertJsonLines(lines, out);
    const minerSnapshot = deps.parts.snapshotDue(tenant);
    // Parsing and detection are two blocks of CPU; a turn of the event loop between them
    // keeps queries answered while a big batch is in flight.
    await yieldTurn();
    // Alerts before the batch, as in run-ingest.ts: a retry re-creates the same alert ids.
    const alerts = deps.detect?.process(tenant, out.events).length ?? 0;
    // With the detect stage in alertsWithBatch mode its alerts commit in the batch's transaction.
    const alertWrites = deps.detect?.takeAlertWrites() ?? [];
    const written = deps.store.writeBatch({
      tenant, events: out.events, unparsed: out.unparsed, counters: out.counters, templates: out.templates,
      ...(minerSnapshot !== undefined ? { minerSnapshot } : {}),
      ...(alertWrites.length > 0 ? { alerts: alertWrites } : {}),
    });
    // Only counts are kept while the batch waits for its commit: holding its lines and events
    // (megabytes a batch, up to maxQueued batches) kept them alive across young-generation
    // collections, which then copied and promoted them to the old generation for nothing.
    return {
      lines: lines.length, events: out.events.length, unparsed: out.unparsed.length, counters: out.counters,
      lastId: out.events.at(-1)?.id, alerts, written,
    };
  };
  const finish = async (tenant: string, source: string, staged: Awaited<ReturnType<typeof stage>>): Promise<IngestResult> => {
    const { lines, events, unparsed, counters, lastId, alerts } = staged;
    const written = await staged.written;
    deps.detect?.committed(tenant);
    const m = deps.metrics;
    m.linesIn.inc({ tenant, source }, lines);
    for (const [name, n] of Object.entries(counters)) {
      const outcome = outcomeOf(name);
      if (outcome) m.parsed.inc({ tenant, outcome }, n);
    }
    m.stored.inc({ tenant, source, kind: 'event' }, written.insertedEvents);
    m.stored.inc({ tenant, source, kind: 'unparsed' }, written.insertedUnparsed);
    if (written.insertedEvents > 0) {
      deps.hub.publish(tenant, { type: 'events', data: { count: written.insertedEvents, source, last: lastId } });
    }
    return { lines, events, unparsed, duplicates: events - written.insertedEvents, alerts: written.insertedAlerts ?? alerts };
  };
  return {
    ingest(tenant, source, body, batchId = randomUUID(), opts = {}) {
      if (waiting >= deps.maxQueued) {
        deps.metrics.rejected.inc({ reason: 'queue-full' });
        return Promise.reject(new QueueFullError(waiting));
      }
      waiting += 1;
      deps.metrics.queueDepth.set(waiting);
      // Each batch waits for a turn of the event loop: other requests (queries, more bodies)
      // are served between batches, and bodies that arrive meanwhile form a real queue.
      const staged = chain.then(yieldTurn).then(() => stage(tenant, source, body, batchId, opts));
      // The next batch may start once this one is handed to the store (or failed).
      chain = staged.then(() => undefined, () => undefined);
      const p = staged.then((st) => finish(tenant, source, st));
      // A batch leaves the queue once committed: the bound covers parsed batches waiting
      // for the writer too, so memory stays bounded when the store is the slower side.
      const settle = () => {
        waiting -= 1;
        deps.metrics.queueDepth.set(waiting);
      };
      const done = p.then(settle, settle);
      inflight.add(done);
      void done.then(() => inflight.delete(done));
      return p;
    },
    depth: () => waiting,
    async flush() {
      await Promise.all([...inflight]);
      for (const tenant of deps.parts.tenantNames()) {
        const minerSnapshot = deps.parts.snapshotDue(tenant, true);
        if (minerSnapshot !== undefined) await deps.store.writeBatch({ tenant, events: [], unparsed: [], counters: {}, minerSnapshot });
      }
      deps.detect?.saveState();
    },
  };
}
