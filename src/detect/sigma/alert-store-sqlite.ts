// Alerts in SQLite, in their own table (the general Store lives in src/store; this keeps the
// detection stage usable on its own). Every query is scoped by tenant.
import Database from 'better-sqlite3';
import type { Alert } from './alert.ts';
import type { AlertQuery, AlertSink } from './alert-sink.ts';

export class SqliteAlertSink implements AlertSink {
  private readonly db: Database.Database;
  private readonly owned: boolean;
  private readonly insert: Database.Statement;
  private readonly repeats: Database.Statement;
  private readonly fold: Database.Statement;

  constructor(db: Database.Database | string) {
    this.owned = typeof db === 'string';
    this.db = typeof db === 'string' ? new Database(db) : db;
    this.db.exec(`CREATE TABLE IF NOT EXISTS sigma_alerts (
      tenant TEXT NOT NULL,
      id TEXT NOT NULL,
      time INTEGER NOT NULL,
      rule_id TEXT NOT NULL,
      level TEXT NOT NULL,
      repeats INTEGER NOT NULL DEFAULT 0,
      body TEXT NOT NULL,
      PRIMARY KEY (tenant, id)
    );
    CREATE INDEX IF NOT EXISTS sigma_alerts_rule ON sigma_alerts (tenant, rule_id, time);
    CREATE INDEX IF NOT EXISTS sigma_alerts_time ON sigma_alerts (tenant, time);
    CREATE TABLE IF NOT EXISTS sigma_alert_folds (
      tenant TEXT NOT NULL,
      alert_id TEXT NOT NULL,
      event_id TEXT NOT NULL,
      PRIMARY KEY (tenant, alert_id, event_id)
    ) WITHOUT ROWID;`);
    this.insert = this.db.prepare('INSERT OR REPLACE INTO sigma_alerts (tenant, id, time, rule_id, level, repeats, body) VALUES (?, ?, ?, ?, ?, ?, ?)');
    this.repeats = this.db.prepare('UPDATE sigma_alerts SET repeats = repeats + ? WHERE tenant = ? AND id = ?');
    // Which events were folded into which alert: only ids, so a burst of 10,000 repeats costs
    // 10,000 short keys rather than 10,000 alerts, and a replayed event is not counted again.
    this.fold = this.db.prepare('INSERT OR IGNORE INTO sigma_alert_folds (tenant, alert_id, event_id) VALUES (?, ?, ?)');
  }

  add(a: Alert): void {
    this.insert.run(a.tenant, a.id, a.time, a.rule.id, a.rule.level, a.repeats, JSON.stringify(a));
  }

  addRepeats(tenant: string, alertId: string, repeats: number, eventId?: string): void {
    if (eventId !== undefined && this.fold.run(tenant, alertId, eventId).changes === 0) return;
    this.repeats.run(repeats, tenant, alertId);
  }

  list(q: AlertQuery): Alert[] {
    const rows = this.db
      .prepare(
        `SELECT body, repeats FROM sigma_alerts WHERE tenant = ? ${q.ruleId ? 'AND rule_id = ?' : ''} ${q.since !== undefined ? 'AND time >= ?' : ''} ORDER BY time, id LIMIT ?`,
      )
      .all(...[q.tenant, ...(q.ruleId ? [q.ruleId] : []), ...(q.since !== undefined ? [q.since] : []), q.limit ?? -1]) as { body: string; repeats: number }[];
    return rows.map((r) => ({ ...(JSON.parse(r.body) as Alert), repeats: r.repeats }));
  }

  close(): void {
    if (this.owned) this.db.close();
  }
}
