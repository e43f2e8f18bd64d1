// The anomaly state in SQLite (better-sqlite3): its own tables, in its own file or any db
// path passed in. The model is one JSON document per tenant, written in a transaction with
// nothing else, so a crash leaves the previous model whole.
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { assertTenant } from '../../../core/layers.ts';
import { reviveModel } from '../model.ts';
import type { HourlyReport } from '../report/report-model.ts';
import type { AnomalyStateStore, FeedbackRecord } from './state-store.ts';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS anomaly_model (tenant TEXT PRIMARY KEY, model TEXT NOT NULL, updated INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS anomaly_report (tenant TEXT NOT NULL, start INTEGER NOT NULL, report TEXT NOT NULL, PRIMARY KEY (tenant, start));
CREATE TABLE IF NOT EXISTS anomaly_feedback (tenant TEXT NOT NULL, key TEXT NOT NULL, at INTEGER NOT NULL, note TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS anomaly_feedback_tenant ON anomaly_feedback (tenant, at);
`;

export function openSqliteAnomalyState(file: string): AnomalyStateStore {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.exec(SCHEMA);
  const getModel = db.prepare<[string], { model: string }>('SELECT model FROM anomaly_model WHERE tenant = ?');
  const putModel = db.prepare('INSERT INTO anomaly_model (tenant, model, updated) VALUES (?, ?, ?) ON CONFLICT (tenant) DO UPDATE SET model = excluded.model, updated = excluded.updated');
  const putReport = db.prepare('INSERT INTO anomaly_report (tenant, start, report) VALUES (?, ?, ?) ON CONFLICT (tenant, start) DO UPDATE SET report = excluded.report');
  const getReport = db.prepare<[string, number], { report: string }>('SELECT report FROM anomaly_report WHERE tenant = ? AND start = ?');
  const listReports = db.prepare<[string, number], { start: number }>('SELECT start FROM anomaly_report WHERE tenant = ? ORDER BY start DESC LIMIT ?');
  const putFeedback = db.prepare('INSERT INTO anomaly_feedback (tenant, key, at, note) VALUES (?, ?, ?, ?)');
  const getFeedback = db.prepare<[string], FeedbackRecord>('SELECT tenant, key, at, note FROM anomaly_feedback WHERE tenant = ? ORDER BY at');
  return {
    async loadModel(tenant) {
      const row = getModel.get(assertTenant(tenant));
      return row ? reviveModel(row.model) : undefined;
    },
    async saveModel(model) {
      putModel.run(assertTenant(model.tenant), JSON.stringify(model), Date.now());
    },
    async saveReport(report) {
      putReport.run(assertTenant(report.tenant), report.start, JSON.stringify(report));
    },
    async loadReport(tenant, start) {
      const row = getReport.get(assertTenant(tenant), start);
      return row ? (JSON.parse(row.report) as HourlyReport) : undefined;
    },
    async listReports(tenant, limit = 1000) {
      return listReports.all(assertTenant(tenant), limit).map((r) => r.start);
    },
    async addFeedback(r) {
      putFeedback.run(assertTenant(r.tenant), r.key, r.at, r.note);
    },
    async listFeedback(tenant) {
      return getFeedback.all(assertTenant(tenant));
    },
    async close() {
      db.close();
    },
  };
}
