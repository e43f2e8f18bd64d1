// The detection engine for one tenant: every event goes through the ruleset; matches become
// alerts (unless only correlations use the rule) and feed the correlation engine; alerts are
// throttled per rule and group and handed to the sink. Correlation state can be saved and
// restored through a CorrelationStateStore, so windows survive a restart.
import { firstText, type DetectEvent } from './detect-event.ts';
import type { Ruleset, CompiledRule } from './ruleset.ts';
import { CorrelationEngine, type CorrelationHit } from './correlation.ts';
import type { CorrelationStateStore } from './correlation-state.ts';
import { alertRule, type Alert } from './alert.ts';
import type { AlertSink } from './alert-sink.ts';
import { Throttle } from './throttle.ts';
import type { FieldResolver } from './compile-item.ts';
import { judgedOnArrival } from './correlation-condition.ts';
import { F } from '../../core/fields.ts';

/** Fields naming the entity a rule alert is about, for entity throttling (first three that the
 *  event has are the key: the same rule for the same user, source and host folds). */
export const ENTITY_FIELDS: readonly string[] = [F.userName, F.sourceIp, F.hostName];

export interface EngineOptions {
  tenant: string;
  /** Fold repeats of a rule (and correlation group) within this many ms into one alert; 0 = off. */
  throttleMs?: number;
  /** What a rule alert's repeats are grouped by: the rule alone (default), or the rule and the
   *  event's entity (ENTITY_FIELDS or `entityFields`), so one noisy user does not hide another. */
  throttleBy?: 'rule' | 'entity';
  entityFields?: readonly string[];
  sink?: AlertSink;
  state?: CorrelationStateStore;
  /** Layer (provenance) of each rule id, shown in alerts. */
  layerOf?: (ruleId: string) => string | undefined;
  /** Correlation alert ids from rule, group and window time only (no run-local sequence), so a
   *  replay of the same events (ingest pipeline, with eventIds) rewrites the same ids. */
  stableIds?: boolean;
  /** Scale-out workers: each match some correlation listens to goes here instead of into this
   *  engine's windows (the partitioned correlator keeps them; src/pipeline/nats/correlator.ts). */
  divertCorrelations?: (match: DivertedMatch) => void;
}

/** A rule match handed to `divertCorrelations`: who it is known by, its event, its field values. */
export interface DivertedMatch {
  refs: readonly string[];
  event: DetectEvent;
  value(field: string): string | undefined;
}

/** How often (in event time) bounded correlation windows are checked for closing. */
const CLOSE_CHECK_MS = 1000;

export class DetectionEngine {
  readonly correlations: CorrelationEngine;
  private readonly throttle: Throttle;
  private readonly resolvers = new Map<CompiledRule, FieldResolver>();
  private readonly refs = new Map<CompiledRule, readonly string[] | undefined>();
  private readonly matched: CompiledRule[] = [];
  private readonly hasBounded: boolean;
  private lastCloseCheck = -Infinity;
  private seq = 0;

  constructor(
    readonly ruleset: Ruleset,
    private readonly options: EngineOptions,
  ) {
    this.correlations = new CorrelationEngine(ruleset.correlations);
    this.throttle = new Throttle(options.throttleMs ?? 0);
    this.hasBounded = ruleset.correlations.some((c) => !judgedOnArrival(c));
    const saved = options.state?.load(options.tenant);
    if (saved) this.correlations.restore(saved);
  }

  process(event: DetectEvent): Alert[] {
    const alerts: Alert[] = [];
    if (this.hasBounded && event.time - this.lastCloseCheck >= CLOSE_CHECK_MS) {
      this.lastCloseCheck = event.time;
      for (const h of this.correlations.flush(event.time)) this.correlationAlert(h, alerts);
    }
    // The match buffer is reused: nothing below keeps it beyond this loop.
    const matched = this.matched;
    const n = this.ruleset.matchInto(event, matched);
    for (let k = 0; k < n; k++) {
      const r = matched[k] as CompiledRule;
      if (r.alerts) this.ruleAlert(r, event, alerts);
      const refs = this.refsOf(r);
      if (refs === undefined) continue;
      const resolve = this.resolver(r);
      if (this.options.divertCorrelations) {
        this.options.divertCorrelations({ refs, event, value: (field) => firstText(resolve(field).get(event.fields)) });
        continue;
      }
      const hits = this.correlations.onMatch({
        refs,
        time: event.time,
        lines: event.line !== undefined ? [event.line] : [],
        value: (field) => firstText(resolve(field).get(event.fields)),
      });
      for (const h of hits) this.correlationAlert(h, alerts);
    }
    return alerts;
  }

  /** Closes all open windows (end of input) and returns what they produce. */
  flush(): Alert[] {
    const alerts: Alert[] = [];
    for (const h of this.correlations.flush()) this.correlationAlert(h, alerts);
    return alerts;
  }

  /** The alerts of correlation hits found outside `process` (the correlator's), as `process`
   *  would raise them: same shape, same ids, through the throttle and the sink. */
  correlationAlerts(hits: readonly CorrelationHit[]): Alert[] {
    const alerts: Alert[] = [];
    for (const h of hits) this.correlationAlert(h, alerts);
    return alerts;
  }

  saveState(): void {
    this.options.state?.save(this.options.tenant, this.correlations.snapshot());
  }

  /** The names correlations know a rule by, or undefined when none listens (decided once per rule). */
  private refsOf(r: CompiledRule): readonly string[] | undefined {
    if (this.refs.has(r)) return this.refs.get(r);
    const meta = r.rule.meta;
    const refs = meta.name ? [meta.id, meta.name] : [meta.id];
    const listened = this.correlations.listens(refs) ? refs : undefined;
    this.refs.set(r, listened);
    return listened;
  }

  private resolver(r: CompiledRule): FieldResolver {
    let f = this.resolvers.get(r);
    if (!f) this.resolvers.set(r, (f = this.ruleset.mappings.resolver(r.rule.logsource)));
    return f;
  }

  private ruleAlert(r: CompiledRule, event: DetectEvent, out: Alert[]): void {
    const meta = r.rule.meta;
    const alert: Alert = {
      id: event.eventId !== undefined ? `${meta.id}:${event.eventId}` : `${meta.id}:${event.line ?? ++this.seq}`,
      tenant: this.options.tenant,
      time: event.time,
      kind: 'rule',
      rule: alertRule(meta, this.options.layerOf?.(meta.id)),
      input: event.line !== undefined ? { line: event.line } : {},
      events: [event.fields],
      repeats: 0,
    };
    let key = '';
    if (this.options.throttleBy === 'entity' && (this.options.throttleMs ?? 0) > 0) {
      const entity: Record<string, string> = {};
      for (const f of this.options.entityFields ?? ENTITY_FIELDS) {
        const v = event.fields[f];
        if (v === undefined || v === null || typeof v === 'object') continue;
        entity[f] = String(v);
        key += `${f}=${entity[f]}\u0000`;
      }
      if (key) alert.entity = entity;
    }
    this.emit(alert, key, out, event.eventId);
  }

  private correlationAlert(h: CorrelationHit, out: Alert[]): void {
    if (!h.alerts) return;
    const meta = h.correlation.meta;
    const alert: Alert = {
      id: this.options.stableIds ? `${meta.id}:${h.groupKey}:${h.time}` : `${meta.id}:${h.groupKey}:${h.time}:${++this.seq}`,
      tenant: this.options.tenant,
      time: h.time,
      kind: 'correlation',
      rule: alertRule(meta, this.options.layerOf?.(meta.id)),
      input: { lines: h.lines },
      group: h.group,
      groupKey: h.groupKey,
      correlation: { type: h.correlation.type, value: h.value, timespanMs: h.correlation.timespanMs },
      events: [],
      repeats: 0,
    };
    this.emit(alert, h.groupKey, out);
  }

  private emit(alert: Alert, groupKey: string, out: Alert[], eventId?: string): void {
    const into = this.throttle.fold(alert.rule.id, groupKey, alert.time, alert.id);
    if (into) {
      this.options.sink?.addRepeats(alert.tenant, into, 1, eventId);
      return;
    }
    this.options.sink?.add(alert);
    out.push(alert);
  }
}
