// Alerts in PostgreSQL. The detection engine hands alerts to its sink synchronously, one at a
// time; a network database cannot be written that way, so this sink buffers a batch's alerts
// and repeat counts, and `flush` writes them inside the transaction that stores the batch's
// events (postgres-store.ts `transaction`): alerts, events and checkpoint commit together.
//
// First write wins, as in the embedded pipeline (src/pipeline/detect-stage.ts): alert ids
// derive from event ids, so a redelivered batch re-raises the same ids, which are skipped, and
// only the alerts inserted for the first time are reported as fresh.
import type { PoolClient } from 'pg';
import type { Alert } from '../../detect/sigma/alert.ts';
import type { AlertQuery, AlertSink } from '../../detect/sigma/alert-sink.ts';
import { pgJson } from './pg-json.ts';

interface Repeat {
  tenant: string;
  id: string;
  n: number;
}

export class PostgresAlertBuffer implements AlertSink {
  private pending: Alert[] = [];
  private repeats: Repeat[] = [];

  add(alert: Alert): void {
    this.pending.push(alert);
  }

  addRepeats(tenant: string, alertId: string, repeats: number): void {
    this.repeats.push({ tenant, id: alertId, n: repeats });
  }

  /** The alerts buffered and not flushed yet (nothing stored can be read synchronously). */
  list(q: AlertQuery): Alert[] {
    return this.pending
      .filter((a) => a.tenant === q.tenant && (!q.ruleId || a.rule.id === q.ruleId) && (q.since === undefined || a.time >= q.since))
      .slice(0, q.limit ?? Infinity);
  }

  /** Moves what is buffered into a new buffer of its own, so the alerts of one batch are
   *  flushed with that batch even when the next batch is detected before it is stored. */
  detach(): PostgresAlertBuffer {
    const out = new PostgresAlertBuffer();
    out.pending = this.pending;
    out.repeats = this.repeats;
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
      await client.query(
        `UPDATE sigma_alerts a SET repeats = a.repeats + r.n
         FROM (SELECT tenant, id, sum(n)::integer AS n FROM jsonb_to_recordset($1::jsonb) AS x(tenant text, id text, n integer) GROUP BY tenant, id) r
         WHERE a.tenant = r.tenant AND a.id = r.id`,
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
