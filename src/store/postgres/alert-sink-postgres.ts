// Alerts in PostgreSQL. The detection engine hands alerts to its sink synchronously, one at a
// time; a network database cannot be written that way, so this sink buffers a batch's alerts
// and repeat counts. `takeWrites` hands them over as the batch's alert writes
// (BatchWrite.alerts), and the store's writeBatch `flush`es them in the transaction that
// stores the batch's events: alerts, events and checkpoint commit together.
//
// First write wins, as in the embedded pipeline (src/pipeline/detect-stage.ts): alert ids
// derive from event ids, so a redelivered batch re-raises the same ids, which are skipped, and
// only the alerts inserted for the first time are reported as fresh.
import type { PoolClient } from 'pg';
import type { Alert } from '../../detect/sigma/alert.ts';
import type { AlertWrite } from '../store.ts';
import type { AlertQuery, AlertSink } from '../../detect/sigma/alert-sink.ts';
import { pgJson } from './pg-json.ts';

interface Repeat {
  tenant: string;
  id: string;
  n: number;
  /** The event folded in: counted once per event, however often its batch is replayed. */
  e?: string;
}

export class PostgresAlertBuffer implements AlertSink {
  private pending: Alert[] = [];
  private repeats: Repeat[] = [];

  add(alert: Alert): void {
    this.pending.push(alert);
  }

  addRepeats(tenant: string, alertId: string, repeats: number, eventId?: string): void {
    this.repeats.push({ tenant, id: alertId, n: repeats, ...(eventId !== undefined ? { e: eventId } : {}) });
  }

  /** The alerts buffered and not flushed yet (nothing stored can be read synchronously). */
  list(q: AlertQuery): Alert[] {
    return this.pending
      .filter((a) => a.tenant === q.tenant && (!q.ruleId || a.rule.id === q.ruleId) && (q.since === undefined || a.time >= q.since))
      .slice(0, q.limit ?? Infinity);
  }

  /** What is buffered as the store contract's alert writes (BatchWrite.alerts), emptying it:
   *  any store then commits them with the batch. */
  takeWrites(): AlertWrite[] {
    const out: AlertWrite[] = [
      ...this.pending.map((alert): AlertWrite => ({ kind: 'alert', alert })),
      ...this.repeats.map((r): AlertWrite => ({ kind: 'repeats', tenant: r.tenant, alertId: r.id, repeats: r.n, ...(r.e !== undefined ? { eventId: r.e } : {}) })),
    ];
    this.discard();
    return out;
  }

  /** Forgets what was buffered (the batch failed and will be redelivered). */
  discard(): void {
    this.pending = [];
    this.repeats = [];
  }

  /** Writes the buffer on `client` (inside the caller's transaction); returns the alerts
   *  stored for the first time. */
  async flush(client: PoolClient): Promise<Alert[]> {
    const pending = this.pending;
    const repeats = this.repeats;
    this.discard();
    let fresh: Alert[] = [];
    if (pending.length > 0) {
      const rows = pending.map((a) => ({ tenant: a.tenant, id: a.id, time: a.time, rule_id: a.rule.id, level: a.rule.level, repeats: a.repeats, body: a }));
      const { rows: inserted } = await client.query<{ id: string; tenant: string }>(
        `INSERT INTO sigma_alerts (tenant, id, time, rule_id, level, repeats, body)
         SELECT tenant, id, time, rule_id, level, repeats, body
         FROM jsonb_to_recordset($1::jsonb) AS x(tenant text, id text, time bigint, rule_id text, level text, repeats integer, body jsonb)
         ON CONFLICT DO NOTHING RETURNING tenant, id`,
        [pgJson(rows)],
      );
      const keys = new Set(inserted.map((r) => `${r.tenant}\0${r.id}`));
      fresh = pending.filter((a) => keys.delete(`${a.tenant}\0${a.id}`));
    }
    if (repeats.length > 0) {
      // A repeat with its event id counts only when that (alert, event) fold is new.
      await client.query(
        `WITH r AS (SELECT DISTINCT ON (tenant, id, coalesce(e, k::text)) tenant, id, n, e
                    FROM ROWS FROM (jsonb_to_recordset($1::jsonb) AS (tenant text, id text, n integer, e text))
                      WITH ORDINALITY AS x(tenant, id, n, e, k)),
         folded AS (INSERT INTO sigma_alert_folds (tenant, alert_id, event_id) SELECT tenant, id, e FROM r WHERE e IS NOT NULL
                    ON CONFLICT DO NOTHING RETURNING tenant, alert_id, event_id),
         counted AS (SELECT tenant, id, sum(n)::integer AS n FROM (
                       SELECT tenant, id, n FROM r WHERE e IS NULL
                       UNION ALL SELECT r.tenant, r.id, r.n FROM r JOIN folded f ON f.tenant = r.tenant AND f.alert_id = r.id AND f.event_id = r.e) c
                     GROUP BY tenant, id)
         UPDATE sigma_alerts a SET repeats = a.repeats + c.n FROM counted c WHERE a.tenant = c.tenant AND a.id = c.id`,
        [pgJson(repeats)],
      );
    }
    return fresh;
  }
}

/** Reads stored alerts of one tenant, oldest first (the query side of the sink). */
export async function listAlerts(client: PoolClient, q: AlertQuery): Promise<Alert[]> {
  const params: unknown[] = [q.tenant];
  let sql = 'SELECT body, repeats FROM sigma_alerts WHERE tenant = $1';
  if (q.ruleId) sql += ` AND rule_id = $${params.push(q.ruleId)}`;
  if (q.since !== undefined) sql += ` AND time >= $${params.push(q.since)}`;
  sql += ' ORDER BY time, seq';
  if (q.limit !== undefined) sql += ` LIMIT $${params.push(q.limit)}`;
  const { rows } = await client.query<{ body: Alert; repeats: number }>(sql, params);
  return rows.map((r) => ({ ...r.body, repeats: r.repeats }));
}
