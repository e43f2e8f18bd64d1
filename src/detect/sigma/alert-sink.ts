// Where alerts go: an interface with an in-memory implementation (tests, CLI) and a SQLite one
// (alert-store-sqlite.ts). `update` lets throttling fold repeats into an alert already stored.
import type { Alert } from './alert.ts';

export interface AlertQuery {
  tenant: string;
  ruleId?: string;
  since?: number;
  limit?: number;
}

export interface AlertSink {
  add(alert: Alert): void;
  /** Records that `alertId` absorbed more repeats (throttling). With `eventId` (the stored
   *  event that repeated), a sink that can should count each event once, so a replayed batch
   *  does not count its repeats twice. */
  addRepeats(tenant: string, alertId: string, repeats: number, eventId?: string): void;
  list(q: AlertQuery): Alert[];
}

export class MemoryAlertSink implements AlertSink {
  readonly alerts: Alert[] = [];
  add(alert: Alert): void {
    this.alerts.push(alert);
  }
  addRepeats(tenant: string, alertId: string, repeats: number): void {
    const a = this.alerts.find((x) => x.tenant === tenant && x.id === alertId);
    if (a) a.repeats += repeats;
  }
  list(q: AlertQuery): Alert[] {
    return this.alerts
      .filter((a) => a.tenant === q.tenant && (!q.ruleId || a.rule.id === q.ruleId) && (q.since === undefined || a.time >= q.since))
      .slice(0, q.limit ?? Infinity);
  }
}
