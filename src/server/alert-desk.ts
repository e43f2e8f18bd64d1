// Alerts as the console sees them: the Sigma engine's stored alerts (its SqliteAlertSink,
// read-only here) joined with their triage state (status, assignee, reason), which this
// server owns in its own table. Every query and change is scoped by tenant.
import Database from 'better-sqlite3';
import type { Alert } from '../detect/sigma/alert.ts';
import { SqliteAlertSink } from '../detect/sigma/alert-store-sqlite.ts';

export const TRIAGE_ACTIONS = ['acknowledge', 'assign', 'close', 'false-positive', 'reopen'] as const;
export type TriageAction = (typeof TRIAGE_ACTIONS)[number];
export type AlertStatus = 'new' | 'acknowledged' | 'closed' | 'false-positive';

export interface Triage {
  status: AlertStatus;
  assignee: string | null;
  reason: string | null;
  updated: number | null;
  by: string | null;
}

export type TriagedAlert = Alert & { triage: Triage };

export interface AlertDesk {
  list(q: { tenant: string; since?: number; ruleId?: string; status?: AlertStatus; levels?: readonly string[]; limit?: number }): TriagedAlert[];
  get(tenant: string, id: string): TriagedAlert | undefined;
  triage(tenant: string, id: string, change: { action: TriageAction; assignee?: string; reason?: string; by: string }): TriagedAlert | undefined;
  /** The tenant's alerts for the attack graph's overlay (which reads their tactics, host and
   *  account: analyses/place-alerts.ts), oldest first; alerts marked false positive are left out. */
  placements(tenant: string): Alert[];
  /** Alerts stored since the last call (for the live stream), oldest first. */
  newSince(cursor: number): { cursor: number; alerts: Alert[] };
  /** The cursor of the newest alert stored now. */
  latest(): number;
  close(): void;
}

const NEW: Triage = { status: 'new', assignee: null, reason: null, updated: null, by: null };

const STATUS_OF: Record<TriageAction, AlertStatus | undefined> = {
  acknowledge: 'acknowledged', assign: undefined, close: 'closed', 'false-positive': 'false-positive', reopen: 'new',
};

export function openAlertDesk(file: string): AlertDesk {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 5000');
  // Creates the sigma_alerts table when the detection stage has not run yet.
  const sink = new SqliteAlertSink(db);
  db.exec(`CREATE TABLE IF NOT EXISTS alert_triage (
    tenant TEXT NOT NULL, alert_id TEXT NOT NULL, status TEXT NOT NULL, assignee TEXT, reason TEXT,
    updated INTEGER NOT NULL, by TEXT NOT NULL, PRIMARY KEY (tenant, alert_id))`);
  const selectOne = db.prepare('SELECT body, repeats FROM sigma_alerts WHERE tenant = ? AND id = ?');
  const selectTriage = db.prepare('SELECT status, assignee, reason, updated, by FROM alert_triage WHERE tenant = ? AND alert_id = ?');
  const upsertTriage = db.prepare(`INSERT INTO alert_triage (tenant, alert_id, status, assignee, reason, updated, by) VALUES (?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT (tenant, alert_id) DO UPDATE SET status = excluded.status, assignee = excluded.assignee, reason = excluded.reason,
    updated = excluded.updated, by = excluded.by`);
  const selectPlacements = db.prepare<[string], { body: string }>(
    `SELECT a.body FROM sigma_alerts a
     LEFT JOIN alert_triage t ON t.tenant = a.tenant AND t.alert_id = a.id
     WHERE a.tenant = ? AND coalesce(t.status, 'new') != 'false-positive' ORDER BY a.time, a.id`,
  );
  const selectNew = db.prepare('SELECT rowid AS r, body FROM sigma_alerts WHERE rowid > ? ORDER BY rowid LIMIT 1000');

  const triageOf = (tenant: string, id: string): Triage => (selectTriage.get(tenant, id) as Triage | undefined) ?? NEW;
  const get = (tenant: string, id: string): TriagedAlert | undefined => {
    const row = selectOne.get(tenant, id) as { body: string; repeats: number } | undefined;
    return row ? { ...(JSON.parse(row.body) as Alert), repeats: row.repeats, triage: triageOf(tenant, id) } : undefined;
  };
  return {
    list(q) {
      // Status and level filters are applied after the join: the triage table is small and
      // the engine's own query keeps its indexes; the limit applies after the filters.
      const levels = q.levels?.length ? new Set(q.levels.map((l) => l.toLowerCase())) : undefined;
      const filtered = q.status !== undefined || levels !== undefined;
      const alerts = sink.list({ tenant: q.tenant, ...(q.since !== undefined ? { since: q.since } : {}), ...(q.ruleId ? { ruleId: q.ruleId } : {}), ...(filtered ? {} : q.limit ? { limit: q.limit } : {}) });
      const out = alerts.map((a) => ({ ...a, triage: triageOf(q.tenant, a.id) }));
      if (!filtered) return out;
      return out.filter((a) => (!q.status || a.triage.status === q.status) && (!levels || levels.has(a.rule.level.toLowerCase()))).slice(0, q.limit);
    },
    get,
    placements: (tenant) => selectPlacements.all(tenant).map((r) => JSON.parse(r.body) as Alert),
    triage(tenant, id, change) {
      const current = get(tenant, id);
      if (!current) return undefined;
      const t = current.triage;
      const status = STATUS_OF[change.action] ?? t.status;
      const assignee = change.action === 'assign' ? (change.assignee ?? null) : t.assignee;
      const reason = change.reason ?? (change.action === 'reopen' ? null : t.reason);
      upsertTriage.run(tenant, id, status, assignee, reason, Date.now(), change.by);
      return get(tenant, id);
    },
    newSince(cursor) {
      const rows = selectNew.all(cursor) as { r: number; body: string }[];
      return { cursor: rows.at(-1)?.r ?? cursor, alerts: rows.map((r) => JSON.parse(r.body) as Alert) };
    },
    latest: () => (db.prepare('SELECT coalesce(max(rowid), 0) AS r FROM sigma_alerts').get() as { r: number }).r,
    close: () => db.close(),
  };
}
