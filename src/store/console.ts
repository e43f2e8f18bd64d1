// What the console (src/server) reads and writes beyond events: alerts with their triage, the
// overview's aggregates and retention's deletes. Part of the Store contract, implemented by
// both stores (sqlite/console-queries.ts, postgres/console-queries.ts) and checked by
// test/store/console-contract.ts. As everywhere in the contract, every method takes the tenant
// and puts it in its query: no method reads or changes another tenant's rows.
import type { Alert } from '../detect/sigma/alert.ts';

export type AlertStatus = 'new' | 'acknowledged' | 'closed' | 'false-positive';

/** An analyst's state of one alert; an alert never triaged is `new` with nulls. */
export interface Triage {
  status: AlertStatus;
  assignee: string | null;
  reason: string | null;
  updated: number | null;
  by: string | null;
}

export type TriagedAlert = Alert & { triage: Triage };

export interface AlertListQuery {
  tenant: string;
  /** Alerts at or after this time (epoch ms). */
  since?: number;
  ruleId?: string;
  status?: AlertStatus;
  /** Rule levels, matched case-insensitively. */
  levels?: readonly string[];
  /** Applied after every filter. */
  limit?: number;
}

export interface OverviewQuery {
  tenant: string;
  /** Inclusive bounds (epoch ms); default the tenant's stored span of event times. */
  from?: number;
  to?: number;
  /** Fields an alert is attributed to: its first event's value, else its group-by value. */
  entityFields: readonly string[];
  topEntities: number;
}

/** The overview's aggregates, unshaped: the console turns them into its charts. */
export interface OverviewCounts {
  /** The range used (the query's bounds, or the stored span; 0–0 for an empty tenant). */
  span: { from: number; to: number };
  /** Alerts (each with its folded repeats) per hour bucket (`floor(time / 1 h)`) and level. */
  alertsByHour: { hour: number; level: string; n: number }[];
  /** The most alerted entities, most first (ties by field, then value). */
  topEntities: { field: string; value: string; alerts: number }[];
  /** Events per source, parser and hour bucket, for the hours whose start lies in the span. */
  eventsByHour: { source: string; parser: string; hour: number; n: number }[];
  /** Unparsed lines of the tenant, whole (they have no event time). */
  unparsed: number;
}

export interface Purged {
  events: number;
  unparsed: number;
  alerts: number;
}

export interface ConsoleStore {
  /** Alerts with their triage, oldest first (time, then id). */
  listTriagedAlerts(q: AlertListQuery): Promise<TriagedAlert[]>;
  getTriagedAlert(tenant: string, id: string): Promise<TriagedAlert | undefined>;
  /** Stores an alert's triage; false (nothing stored) when the tenant has no such alert. */
  saveTriage(tenant: string, alertId: string, triage: Triage & { updated: number; by: string }): Promise<boolean>;
  /** Alerts not marked false positive, oldest first: what the attack graph places. */
  alertPlacements(tenant: string): Promise<Alert[]>;
  /** Alerts stored after `cursor`, in the order they were stored, and the cursor to ask with
   *  next. Cursors are opaque numbers that only grow. Every alert stored is returned once, even
   *  when writers commit out of order: a store may hold back an alert until no earlier write can
   *  still commit. At most `limit`, except that a store may return one write's alerts whole. */
  alertsSince(tenant: string, cursor: number, limit?: number): Promise<{ cursor: number; alerts: Alert[] }>;
  /** The cursor of the tenant's newest stored alert (0 when none). */
  latestAlertCursor(tenant: string): Promise<number>;
  overviewCounts(q: OverviewQuery): Promise<OverviewCounts>;
  /** Deletes the tenant's events and alerts older than `cutoff` (event time), its unparsed
   *  lines received before it, and the triage of the alerts deleted; in short transactions. */
  purgeOlderThan(tenant: string, cutoff: number): Promise<Purged>;
}
