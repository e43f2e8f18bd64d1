// The console's queries on the embedded store (contract: ../console.ts): alerts joined with
// their triage, the overview's aggregates and retention's chunked deletes, on the store's own
// connection. Every statement has the tenant in its WHERE clause.
import type Database from 'better-sqlite3';
import { assertTenant } from '../../core/layers.ts';
import type { Alert } from '../../detect/sigma/alert.ts';
import { SqliteAlertSink } from '../../detect/sigma/alert-store-sqlite.ts';
import type { AlertListQuery, ConsoleStore, OverviewCounts, Purged, Triage, TriagedAlert } from '../console.ts';

const HOUR_MS = 3_600_000;
/** Rows per delete transaction: ingest never waits behind one long write. */
const PURGE_CHUNK = 5000;

/** Passes in this process that deleted rows: any store instance's kept counts of the file
 *  (a retention pass may run on a connection of its own) are rebuilt when it moves. */
let purges = 0;

interface AlertRow {
  body: string;
  repeats: number;
  status: Triage['status'] | null;
  assignee: string | null;
  reason: string | null;
  updated: number | null;
  by: string | null;
}

const ALERT_COLUMNS = 'a.body, a.repeats, t.status, t.assignee, t.reason, t.updated, t.by';
const ALERT_JOIN = 'sigma_alerts a LEFT JOIN alert_triage t ON t.tenant = a.tenant AND t.alert_id = a.id';

const triaged = (r: AlertRow): TriagedAlert => ({
  ...(JSON.parse(r.body) as Alert),
  repeats: r.repeats,
  triage: { status: r.status ?? 'new', assignee: r.assignee, reason: r.reason, updated: r.updated, by: r.by },
});

export function sqliteConsoleQueries(db: Database.Database): ConsoleStore {
  // The alert tables belong to the detection package (its sink creates them) and the triage
  // table to the console; both are created on first use, as the writer does for alerts.
  let ready = false;
  const ensureTables = () => {
    if (ready) return;
    new SqliteAlertSink(db);
    db.exec(`CREATE TABLE IF NOT EXISTS alert_triage (
      tenant TEXT NOT NULL, alert_id TEXT NOT NULL, status TEXT NOT NULL, assignee TEXT, reason TEXT,
      updated INTEGER NOT NULL, by TEXT NOT NULL, PRIMARY KEY (tenant, alert_id))`);
    ready = true;
  };
  const statements = new Map<string, Database.Statement>();
  const st = (sql: string): Database.Statement => {
    ensureTables();
    let s = statements.get(sql);
    if (!s) statements.set(sql, (s = db.prepare(sql)));
    return s;
  };

  // Ingest per source, parser and hour: no index holds the source (one more index on the
  // ingest path would cost every write), so the counts are aggregated once and then kept up to
  // date from the rows added since (rowids only grow; NOT INDEXED makes that a rowid range, not
  // a walk of the tenant's index). Retention is the only delete; after one of its passes the
  // counts are rebuilt.
  const hourly = new Map<string, { upTo: number; counts: Map<string, { source: string; parser: string; hours: Map<number, number> }> }>();
  let seenPurges = purges;
  const sourceHours = (tenant: string) => {
    if (purges !== seenPurges) {
      seenPurges = purges;
      hourly.clear();
    }
    let h = hourly.get(tenant);
    if (!h) hourly.set(tenant, (h = { upTo: 0, counts: new Map() }));
    // Read the table's end first: rows committed while reading are picked up next time.
    const end = (st('SELECT max(rowid) AS r FROM events').get() as { r: number | null }).r ?? 0;
    if (end > h.upTo) {
      const rows = st(`SELECT source, parser, time / ${HOUR_MS} AS b, count(*) AS n FROM events NOT INDEXED
        WHERE rowid > ? AND rowid <= ? AND tenant = ? GROUP BY source, parser, b`).all(h.upTo, end, tenant) as { source: string; parser: string; b: number; n: number }[];
      for (const r of rows) {
        const key = `${r.source}\0${r.parser}`;
        let c = h.counts.get(key);
        if (!c) h.counts.set(key, (c = { source: r.source, parser: r.parser, hours: new Map() }));
        c.hours.set(r.b, (c.hours.get(r.b) ?? 0) + r.n);
      }
      h.upTo = end;
    }
    return h.counts;
  };

  const chunkedDelete = (sql: string, tenant: string, cutoff: number): number => {
    const s = st(sql);
    let total = 0;
    for (;;) {
      const n = s.run(tenant, cutoff, PURGE_CHUNK).changes;
      total += n;
      if (n < PURGE_CHUNK) return total;
    }
  };

  return {
    async listTriagedAlerts(q: AlertListQuery) {
      const where = ['a.tenant = ?'];
      const params: unknown[] = [assertTenant(q.tenant)];
      const add = (sql: string, value: unknown) => {
        where.push(sql);
        params.push(value);
      };
      if (q.ruleId) add('a.rule_id = ?', q.ruleId);
      if (q.since !== undefined) add('a.time >= ?', q.since);
      if (q.status) add("coalesce(t.status, 'new') = ?", q.status);
      if (q.levels?.length) {
        where.push(`lower(a.level) IN (${q.levels.map(() => '?').join(', ')})`);
        params.push(...q.levels.map((l) => l.toLowerCase()));
      }
      const rows = st(`SELECT ${ALERT_COLUMNS} FROM ${ALERT_JOIN} WHERE ${where.join(' AND ')} ORDER BY a.time, a.id LIMIT ?`)
        .all(...params, q.limit ?? -1) as AlertRow[];
      return rows.map(triaged);
    },
    async getTriagedAlert(tenant, id) {
      const row = st(`SELECT ${ALERT_COLUMNS} FROM ${ALERT_JOIN} WHERE a.tenant = ? AND a.id = ?`).get(assertTenant(tenant), id) as AlertRow | undefined;
      return row ? triaged(row) : undefined;
    },
    async saveTriage(tenant, alertId, t) {
      // Only for an alert of this tenant: the existence check is part of the statement.
      const r = st(`INSERT INTO alert_triage (tenant, alert_id, status, assignee, reason, updated, by)
        SELECT ?, ?, ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM sigma_alerts WHERE tenant = ? AND id = ?)
        ON CONFLICT (tenant, alert_id) DO UPDATE SET status = excluded.status, assignee = excluded.assignee, reason = excluded.reason,
          updated = excluded.updated, by = excluded.by`)
        .run(assertTenant(tenant), alertId, t.status, t.assignee, t.reason, t.updated, t.by, tenant, alertId);
      return r.changes > 0;
    },
    async alertPlacements(tenant) {
      const rows = st(`SELECT a.body FROM ${ALERT_JOIN} WHERE a.tenant = ? AND coalesce(t.status, 'new') != 'false-positive' ORDER BY a.time, a.id`)
        .all(assertTenant(tenant)) as { body: string }[];
      return rows.map((r) => JSON.parse(r.body) as Alert);
    },
    async alertsSince(tenant, cursor, limit = 1000) {
      const rows = st('SELECT rowid AS r, body, repeats FROM sigma_alerts WHERE rowid > ? AND tenant = ? ORDER BY rowid LIMIT ?')
        .all(cursor, assertTenant(tenant), limit) as { r: number; body: string; repeats: number }[];
      return { cursor: rows.at(-1)?.r ?? cursor, alerts: rows.map((r) => ({ ...(JSON.parse(r.body) as Alert), repeats: r.repeats })) };
    },
    async latestAlertCursor(tenant) {
      return (st('SELECT coalesce(max(rowid), 0) AS r FROM sigma_alerts WHERE tenant = ?').get(assertTenant(tenant)) as { r: number }).r;
    },
    async overviewCounts(q): Promise<OverviewCounts> {
      const tenant = assertTenant(q.tenant);
      // Two subqueries, so each is one index probe (SQLite's min/max shortcut takes one aggregate).
      const s = st('SELECT (SELECT min(time) FROM events WHERE tenant = ?) AS lo, (SELECT max(time) FROM events WHERE tenant = ?) AS hi')
        .get(tenant, tenant) as { lo: number | null; hi: number | null };
      const from = q.from ?? s.lo ?? 0;
      const to = q.to ?? s.hi ?? 0;
      const alertsByHour = (st(`SELECT time / ${HOUR_MS} AS hour, level, sum(1 + repeats) AS n FROM sigma_alerts
        WHERE tenant = ? AND time >= ? AND time <= ? GROUP BY hour, level ORDER BY hour, level`).all(tenant, from, to)) as OverviewCounts['alertsByHour'];
      // An alert names an entity in its (first) event's fields or, for a correlation, in its
      // group-by values; a VALUES list of the fields of interest keeps this one statement.
      const topEntities = q.entityFields.length === 0 ? [] : (st(`WITH f(name) AS (VALUES ${q.entityFields.map(() => '(?)').join(', ')})
        SELECT name AS field, v AS value, count(*) AS alerts FROM (
          SELECT f.name AS name,
            coalesce(json_extract(a.body, '$.events[0]."' || f.name || '"'), json_extract(a.body, '$.group."' || f.name || '"')) AS v
          FROM sigma_alerts a, f WHERE a.tenant = ? AND a.time >= ? AND a.time <= ?
        ) WHERE v IS NOT NULL AND v != '' GROUP BY name, v ORDER BY alerts DESC, field, value LIMIT ?`)
        .all(...q.entityFields, tenant, from, to, q.topEntities) as { field: string; value: unknown; alerts: number }[])
        .map((e) => ({ ...e, value: String(e.value) }));
      // Hours whose start lies in the range.
      const lo = Math.floor(from / HOUR_MS);
      const hi = Math.floor(to / HOUR_MS);
      const eventsByHour: OverviewCounts['eventsByHour'] = [];
      for (const c of sourceHours(tenant).values()) {
        for (const [hour, n] of c.hours) if (hour >= lo && hour <= hi) eventsByHour.push({ source: c.source, parser: c.parser, hour, n });
      }
      const unparsed = (st('SELECT count(*) AS n FROM unparsed WHERE tenant = ?').get(tenant) as { n: number }).n;
      return { span: { from, to }, alertsByHour, topEntities, eventsByHour, unparsed };
    },
    async purgeOlderThan(tenant, cutoff): Promise<Purged> {
      assertTenant(tenant);
      const p: Purged = {
        events: chunkedDelete('DELETE FROM events WHERE rowid IN (SELECT rowid FROM events WHERE tenant = ? AND time < ? LIMIT ?)', tenant, cutoff),
        // Unparsed lines have no event time: they go by the time they were received.
        unparsed: chunkedDelete('DELETE FROM unparsed WHERE rowid IN (SELECT rowid FROM unparsed WHERE tenant = ? AND ingested < ? LIMIT ?)', tenant, cutoff),
        alerts: chunkedDelete('DELETE FROM sigma_alerts WHERE rowid IN (SELECT rowid FROM sigma_alerts WHERE tenant = ? AND time < ? LIMIT ?)', tenant, cutoff),
      };
      if (p.alerts > 0) st('DELETE FROM alert_triage WHERE tenant = ? AND alert_id NOT IN (SELECT id FROM sigma_alerts WHERE tenant = ?)').run(tenant, tenant);
      if (p.events + p.unparsed + p.alerts > 0) purges++;
      return p;
    },
  };
}
