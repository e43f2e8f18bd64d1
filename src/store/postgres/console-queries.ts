// The console's queries on the shared store (contract: ../console.ts), the same answers as the
// embedded store's (../sqlite/console-queries.ts). Each runs on a connection set to its tenant
// (row-level security) and names the tenant in its WHERE clause as well.
import type { PoolClient } from 'pg';
import type { Alert } from '../../detect/sigma/alert.ts';
import type { AlertListQuery, ConsoleStore, OverviewCounts, Purged, Triage, TriagedAlert } from '../console.ts';

const HOUR_MS = 3_600_000;
/** Rows per delete statement (each its own transaction): ingest never waits behind one long write. */
const PURGE_CHUNK = 5000;

/** Runs `fn` on a pooled connection acting as `tenant` (postgres-store.ts). */
export type TenantRead = <T>(tenant: string, fn: (c: PoolClient) => Promise<T>) => Promise<T>;

interface AlertRow {
  body: Alert;
  repeats: number;
  status: Triage['status'] | null;
  assignee: string | null;
  reason: string | null;
  updated: number | null;
  triaged_by: string | null;
}

const ALERT_COLUMNS = 'a.body, a.repeats, t.status, t.assignee, t.reason, t.updated, t.triaged_by';
const ALERT_JOIN = 'sigma_alerts a LEFT JOIN alert_triage t ON t.tenant = a.tenant AND t.alert_id = a.id';
// "C": the same byte order as SQLite's, whatever the database's collation.
const ORDER = 'a.time, a.id COLLATE "C"';

const triaged = (r: AlertRow): TriagedAlert => ({
  ...r.body,
  repeats: r.repeats,
  triage: { status: r.status ?? 'new', assignee: r.assignee, reason: r.reason, updated: r.updated, by: r.triaged_by },
});

/** Rows of transactions that are over (committed, or rolled back and so never seen). */
const FINAL_TX = 'tx < pg_snapshot_xmin(pg_current_snapshot())';

export function postgresConsoleQueries(read: TenantRead): ConsoleStore {
  const chunkedDelete = (c: PoolClient, table: string, timeColumn: string, tenant: string, cutoff: number) => async (): Promise<number> => {
    let total = 0;
    for (;;) {
      const r = await c.query(`DELETE FROM ${table} WHERE ctid IN (SELECT ctid FROM ${table} WHERE tenant = $1 AND ${timeColumn} < $2 LIMIT $3)`, [tenant, cutoff, PURGE_CHUNK]);
      const n = r.rowCount ?? 0;
      total += n;
      if (n < PURGE_CHUNK) return total;
    }
  };

  return {
    async listTriagedAlerts(q: AlertListQuery) {
      const params: unknown[] = [q.tenant];
      const where = ['a.tenant = $1'];
      if (q.ruleId) where.push(`a.rule_id = $${params.push(q.ruleId)}`);
      if (q.since !== undefined) where.push(`a.time >= $${params.push(q.since)}`);
      if (q.status) where.push(`coalesce(t.status, 'new') = $${params.push(q.status)}`);
      if (q.levels?.length) where.push(`lower(a.level) = ANY($${params.push(q.levels.map((l) => l.toLowerCase()))}::text[])`);
      const limit = q.limit !== undefined ? ` LIMIT $${params.push(q.limit)}` : '';
      const { rows } = await read(q.tenant, (c) => c.query<AlertRow>(`SELECT ${ALERT_COLUMNS} FROM ${ALERT_JOIN} WHERE ${where.join(' AND ')} ORDER BY ${ORDER}${limit}`, params));
      return rows.map(triaged);
    },
    async getTriagedAlert(tenant, id) {
      const { rows } = await read(tenant, (c) => c.query<AlertRow>(`SELECT ${ALERT_COLUMNS} FROM ${ALERT_JOIN} WHERE a.tenant = $1 AND a.id = $2`, [tenant, id]));
      return rows[0] ? triaged(rows[0]) : undefined;
    },
    async saveTriage(tenant, alertId, t) {
      // Only for an alert of this tenant: the existence check is part of the statement.
      const r = await read(tenant, (c) => c.query(
        `INSERT INTO alert_triage (tenant, alert_id, status, assignee, reason, updated, triaged_by)
         SELECT $1, $2, $3, $4, $5, $6, $7 WHERE EXISTS (SELECT 1 FROM sigma_alerts WHERE tenant = $1 AND id = $2)
         ON CONFLICT (tenant, alert_id) DO UPDATE SET status = excluded.status, assignee = excluded.assignee, reason = excluded.reason,
           updated = excluded.updated, triaged_by = excluded.triaged_by`,
        [tenant, alertId, t.status, t.assignee, t.reason, t.updated, t.by],
      ));
      return (r.rowCount ?? 0) > 0;
    },
    async alertPlacements(tenant) {
      const { rows } = await read(tenant, (c) => c.query<{ body: Alert }>(
        `SELECT a.body FROM ${ALERT_JOIN} WHERE a.tenant = $1 AND coalesce(t.status, 'new') != 'false-positive' ORDER BY ${ORDER}`, [tenant]));
      return rows.map((r) => r.body);
    },
    // The cursor is a writing transaction's id (migration v5): only transactions older than
    // every running one are read, so none of them can still add a row, and each is read whole.
    async alertsSince(tenant, cursor, limit = 1000) {
      type Row = { tx: string; body: Alert; repeats: number };
      return read(tenant, async (c) => {
        const { rows } = await c.query<Row>(
          `SELECT tx::text AS tx, body, repeats FROM sigma_alerts WHERE tenant = $1 AND tx > $2::text::xid8 AND ${FINAL_TX}
           ORDER BY tx, seq LIMIT $3`, [tenant, String(cursor), limit + 1]);
        let out = rows;
        if (rows.length > limit) {
          // A transaction is never split: the one cut by the limit waits for the next read,
          // unless it is the only one, which is then read whole.
          const cut = (rows[limit] as Row).tx;
          out = rows.filter((r) => r.tx !== cut);
          if (out.length === 0) out = (await c.query<Row>('SELECT tx::text AS tx, body, repeats FROM sigma_alerts WHERE tenant = $1 AND tx = $2::text::xid8 ORDER BY seq', [tenant, cut])).rows;
        }
        const last = out.at(-1);
        return { cursor: last ? Number(last.tx) : cursor, alerts: out.map((r) => ({ ...r.body, repeats: r.repeats })) };
      });
    },
    async latestAlertCursor(tenant) {
      const { rows } = await read(tenant, (c) => c.query<{ tx: string }>(
        `SELECT tx::text AS tx FROM sigma_alerts WHERE tenant = $1 AND ${FINAL_TX} ORDER BY tx DESC LIMIT 1`, [tenant]));
      return rows[0] ? Number(rows[0].tx) : 0;
    },
    async overviewCounts(q): Promise<OverviewCounts> {
      const tenant = q.tenant;
      return read(tenant, async (c) => {
        const s = (await c.query<{ lo: number | null; hi: number | null }>('SELECT min(time) AS lo, max(time) AS hi FROM events WHERE tenant = $1', [tenant])).rows[0];
        const from = q.from ?? s?.lo ?? 0;
        const to = q.to ?? s?.hi ?? 0;
        const alertsByHour = (await c.query<{ hour: number; level: string; n: number }>(
          `SELECT time / ${HOUR_MS} AS hour, level, sum(1 + repeats) AS n FROM sigma_alerts
           WHERE tenant = $1 AND time >= $2 AND time <= $3 GROUP BY hour, level ORDER BY hour, level COLLATE "C"`, [tenant, from, to])).rows;
        // An alert names an entity in its (first) event's fields or, for a correlation, in its group-by values.
        const topEntities = q.entityFields.length === 0 ? [] : (await c.query<{ field: string; value: string; alerts: number }>(
          `SELECT name AS field, v AS value, count(*) AS alerts FROM (
             SELECT f.name, coalesce(a.body -> 'events' -> 0 ->> f.name, a.body -> 'group' ->> f.name) AS v
             FROM sigma_alerts a CROSS JOIN unnest($4::text[]) AS f(name) WHERE a.tenant = $1 AND a.time >= $2 AND a.time <= $3
           ) x WHERE v IS NOT NULL AND v != '' GROUP BY name, v ORDER BY alerts DESC, name COLLATE "C", v COLLATE "C" LIMIT $5`,
          [tenant, from, to, q.entityFields, q.topEntities])).rows;
        // Hours whose start lies in the range: whole hours, as the embedded store counts them.
        const lo = Math.floor(from / HOUR_MS);
        const hi = Math.floor(to / HOUR_MS);
        const eventsByHour = (await c.query<{ source: string; parser: string; hour: number; n: number }>(
          `SELECT source, parser, time / ${HOUR_MS} AS hour, count(*) AS n FROM events
           WHERE tenant = $1 AND time >= $2 AND time < $3 GROUP BY source, parser, hour`, [tenant, lo * HOUR_MS, (hi + 1) * HOUR_MS])).rows;
        const unparsed = (await c.query<{ n: number }>('SELECT count(*) AS n FROM unparsed WHERE tenant = $1', [tenant])).rows[0]?.n ?? 0;
        return { span: { from, to }, alertsByHour, topEntities, eventsByHour, unparsed };
      });
    },
    async purgeOlderThan(tenant, cutoff): Promise<Purged> {
      return read(tenant, async (c) => {
        const p: Purged = {
          events: await chunkedDelete(c, 'events', 'time', tenant, cutoff)(),
          // Unparsed lines have no event time: they go by the time they were received.
          unparsed: await chunkedDelete(c, 'unparsed', 'ingested', tenant, cutoff)(),
          alerts: await chunkedDelete(c, 'sigma_alerts', 'time', tenant, cutoff)(),
        };
        if (p.alerts > 0) {
          await c.query('DELETE FROM alert_triage t WHERE tenant = $1 AND NOT EXISTS (SELECT 1 FROM sigma_alerts a WHERE a.tenant = $1 AND a.id = t.alert_id)', [tenant]);
          await c.query('DELETE FROM sigma_alert_folds f WHERE tenant = $1 AND NOT EXISTS (SELECT 1 FROM sigma_alerts a WHERE a.tenant = $1 AND a.id = f.alert_id)', [tenant]);
        }
        return p;
      });
    },
  };
}
