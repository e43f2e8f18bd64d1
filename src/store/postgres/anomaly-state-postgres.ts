// The anomaly stage's state in the shared store (tables anomaly_model, anomaly_report,
// anomaly_feedback, schema-anomaly-state.ts): the same rows as the embedded file
// (src/detect/anomaly/state/sqlite-state.ts), each statement on a connection of its tenant
// (row-level security) and naming the tenant as well. The store belongs to the caller:
// `close` leaves it open.
import { assertTenant } from '../../core/layers.ts';
import { reviveModel } from '../../detect/anomaly/model.ts';
import type { HourlyReport } from '../../detect/anomaly/report/report-model.ts';
import type { AnomalyStateStore, FeedbackRecord } from '../../detect/anomaly/state/state-store.ts';
import type { PostgresStore } from './postgres-store.ts';

export function postgresAnomalyState(store: PostgresStore): AnomalyStateStore {
  const run = async <R extends object>(tenant: string, sql: string, params: unknown[]): Promise<R[]> =>
    (await store.transaction(assertTenant(tenant), (tx) => tx.client.query<R>(sql, params))).rows;
  return {
    async loadModel(tenant) {
      const [row] = await run<{ model: string }>(tenant, 'SELECT model FROM anomaly_model WHERE tenant = $1', [tenant]);
      return row ? reviveModel(row.model) : undefined;
    },
    async saveModel(model) {
      await run(model.tenant, `INSERT INTO anomaly_model (tenant, model, updated) VALUES ($1, $2, $3)
        ON CONFLICT (tenant) DO UPDATE SET model = excluded.model, updated = excluded.updated`, [model.tenant, JSON.stringify(model), Date.now()]);
    },
    async saveReport(report) {
      await run(report.tenant, `INSERT INTO anomaly_report (tenant, start, report) VALUES ($1, $2, $3)
        ON CONFLICT (tenant, start) DO UPDATE SET report = excluded.report`, [report.tenant, report.start, JSON.stringify(report)]);
    },
    async loadReport(tenant, start) {
      const [row] = await run<{ report: string }>(tenant, 'SELECT report FROM anomaly_report WHERE tenant = $1 AND start = $2', [tenant, start]);
      return row ? (JSON.parse(row.report) as HourlyReport) : undefined;
    },
    async listReports(tenant, limit = 1000) {
      return (await run<{ start: number }>(tenant, 'SELECT start FROM anomaly_report WHERE tenant = $1 ORDER BY start DESC LIMIT $2', [tenant, limit])).map((r) => r.start);
    },
    async addFeedback(r) {
      await run(r.tenant, 'INSERT INTO anomaly_feedback (tenant, key, at, note) VALUES ($1, $2, $3, $4)', [r.tenant, r.key, r.at, r.note]);
    },
    async listFeedback(tenant) {
      // seq: feedback of the same millisecond in the order it was given, as SQLite's rowid.
      return run<FeedbackRecord>(tenant, 'SELECT tenant, key, at, note FROM anomaly_feedback WHERE tenant = $1 ORDER BY at, seq', [tenant]);
    },
    async close() {},
  };
}
