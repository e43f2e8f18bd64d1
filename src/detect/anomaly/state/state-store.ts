// Where the anomaly stage keeps what it learned, the reports it made and the feedback it got,
// per tenant. An interface, so the embedded SQLite file and a shared database are
// interchangeable; every call takes the tenant, none can read another tenant's rows.
import type { TenantModel } from '../model.ts';
import type { HourlyReport } from '../report/report-model.ts';

export interface FeedbackRecord {
  tenant: string;
  key: string;
  /** Epoch ms. */
  at: number;
  note: string;
}

export interface AnomalyStateStore {
  loadModel(tenant: string): Promise<TenantModel | undefined>;
  saveModel(model: TenantModel): Promise<void>;
  saveReport(report: HourlyReport): Promise<void>;
  loadReport(tenant: string, start: number): Promise<HourlyReport | undefined>;
  /** Report starts, newest first. */
  listReports(tenant: string, limit?: number): Promise<number[]>;
  addFeedback(record: FeedbackRecord): Promise<void>;
  listFeedback(tenant: string): Promise<FeedbackRecord[]>;
  close(): Promise<void>;
}
