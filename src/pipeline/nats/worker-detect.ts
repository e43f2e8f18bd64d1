// L1 (Sigma) in a worker: the tenant's layered ruleset over each message's events, alerts
// buffered (the engine's sink is synchronous) and handed over as the batch's alert writes,
// which the store commits in the transaction that stores the events.
//
// Single-event rules are stateless, so any worker can run any message. Correlations are not:
// kept in this worker's memory, their windows would see only the messages it was handed. With
// `correlate` set (the `worker` command's default), a match some correlation listens to is
// not put in a local window but turned into one correlation input per listening correlation
// (the values it reads, its partition key), which the worker publishes after the batch commits
// and the partitioned correlator (correlator.ts) turns into exact correlation alerts.
// Without it, the windows stay local (one worker, or tests).
import type { Event } from '../../core/event.ts';
import { CorrelationEngine } from '../../detect/sigma/correlation.ts';
import { DetectionEngine } from '../../detect/sigma/engine.ts';
import { buildLayeredRuleset } from '../../detect/sigma/layering.ts';
import { PostgresAlertBuffer } from '../../store/postgres/alert-sink-postgres.ts';
import type { AlertWrite } from '../../store/store.ts';
import { toDetectEvent } from '../detect-stage.ts';
import type { CorrelationInputMessage } from './correlation-wire.ts';

export class WorkerDetect {
  private readonly sink = new PostgresAlertBuffer();
  /** undefined: the tenant's ruleset could not be built (warned), detection is off for it. */
  private readonly engines = new Map<string, DetectionEngine | undefined>();
  private readonly warned = new Set<string>();
  private inputs: CorrelationInputMessage[] = [];

  constructor(
    private readonly dataDir: string,
    private readonly onWarning: (message: string) => void = () => {},
    /** Divert correlation matches to inputs for the correlator (see the top). */
    private readonly correlate = false,
  ) {}

  /** The correlation inputs of the last `run` (taken: the next run starts empty). */
  takeInputs(): CorrelationInputMessage[] {
    const out = this.inputs;
    this.inputs = [];
    return out;
  }

  /** Runs the events through the tenant's rules; returns their alerts as writes for the
   *  batch that stores the events (BatchWrite.alerts), so they commit together. */
  run(tenant: string, events: readonly Event[]): AlertWrite[] {
    this.inputs = [];
    const engine = this.engineOf(tenant);
    if (engine) for (const e of events) engine.process(toDetectEvent(e));
    return this.sink.takeWrites();
  }

  /** A batch was not stored (it will be redelivered): forget the engine whose throttle and
   *  windows took it in; the next batch starts a new one. */
  forget(tenant: string): void {
    this.engines.delete(tenant);
  }

  private engineOf(tenant: string): DetectionEngine | undefined {
    if (this.engines.has(tenant)) return this.engines.get(tenant);
    let engine: DetectionEngine | undefined;
    try {
      const layered = buildLayeredRuleset({ dataDir: this.dataDir, tenant });
      for (const e of layered.errors) this.warnOnce(`rule rejected: ${e.toString()}`);
      const correlations = this.correlate ? new CorrelationEngine(layered.ruleset.correlations) : undefined;
      engine = new DetectionEngine(layered.ruleset, {
        tenant, sink: this.sink, layerOf: layered.layerOf, stableIds: true,
        ...(correlations ? {
          divertCorrelations: ({ refs, event, value }) => {
            for (const c of correlations.listeners(refs)) {
              const v: Record<string, string> = {};
              for (const f of correlations.inputFields(c, refs)) {
                const x = value(f);
                if (x !== undefined) v[f] = x;
              }
              this.inputs.push({
                c: c.meta.id, r: [...refs], t: event.time, l: event.line !== undefined ? [event.line] : [], v,
                k: correlations.partitionKeyOf(c, { refs, time: event.time, lines: [], value: (f) => v[f] }),
                e: event.eventId ?? `${event.time}`, d: 0, ...(event.raw !== undefined ? { raw: [event.raw] } : {}),
              });
            }
          },
        } : {}),
      });
    } catch (err) {
      // A broken tenant layer must not stop the worker: the events are still stored.
      this.warnOnce(`detection is off for tenant ${tenant}: ${(err as Error).message}`);
    }
    this.engines.set(tenant, engine);
    return engine;
  }

  private warnOnce(message: string): void {
    if (this.warned.has(message)) return;
    this.warned.add(message);
    this.onWarning(message);
  }
}
