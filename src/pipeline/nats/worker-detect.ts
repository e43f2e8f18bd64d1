// L1 (Sigma) in a worker: the tenant's layered ruleset over each message's events, alerts
// buffered (the engine's sink is synchronous) and handed over as the batch's alert writes,
// which the store commits in the transaction that stores the events.
//
// Single-event rules are stateless, so any worker can run any message. Correlations are not:
// their windows here live in this worker's memory and see only the messages it was handed,
// so with several workers a correlation fires only when its events reach the same worker.
// Exact correlations across workers need the partitioned stateful stage of the design
// (consumers by tenant/entity hash), which is not built yet.
import type { Event } from '../../core/event.ts';
import { DetectionEngine } from '../../detect/sigma/engine.ts';
import { buildLayeredRuleset } from '../../detect/sigma/layering.ts';
import { PostgresAlertBuffer } from '../../store/postgres/alert-sink-postgres.ts';
import type { AlertWrite } from '../../store/store.ts';
import { toDetectEvent } from '../detect-stage.ts';

export class WorkerDetect {
  private readonly sink = new PostgresAlertBuffer();
  /** undefined: the tenant's ruleset could not be built (warned), detection is off for it. */
  private readonly engines = new Map<string, DetectionEngine | undefined>();
  private readonly warned = new Set<string>();

  constructor(
    private readonly dataDir: string,
    private readonly onWarning: (message: string) => void = () => {},
  ) {}

  /** Runs the events through the tenant's rules; returns their alerts as writes for the
   *  batch that stores the events (BatchWrite.alerts), so they commit together. */
  run(tenant: string, events: readonly Event[]): AlertWrite[] {
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
      engine = new DetectionEngine(layered.ruleset, { tenant, sink: this.sink, layerOf: layered.layerOf, stableIds: true });
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
