// Public face of L2 anomaly detection: the window engine and its detectors, the session
// detectors behind `anomaly eval`, the report and its renderers, notifiers and state.
export { AnomalyConfigSchema, anomalyConfig, type AnomalyConfig, type AnomalyConfigInput } from './config.ts';
export { processWindow, windowOf, periodMs, type WindowResult, type SuppressionCheck } from './engine.ts';
export { WINDOW_DETECTORS } from './detectors/registry.ts';
export { emptyModel, reviveModel, type TenantModel } from './model.ts';
export { scoreOf, bandOf, BAND_FLOORS, type Finding, type Band, type EntityRef } from './finding.ts';
export { rollUp, type EntityScore } from './rollup.ts';
export { markFalsePositive } from './feedback.ts';
export { loadSuppressions, suppressionCheck, SuppressionSchema, type Suppression } from './suppressions.ts';
export { runWindows, type RunOptions } from './runner.ts';
export { buildReport, type HourlyReport, type L1RuleCount } from './report/report-model.ts';
export { renderReport, REPORT_FORMATS, type ReportFormat } from './report/render.ts';
export { createNotifier, deliver } from './notify/registry.ts';
export { NotifierConfigSchema, type NotifierConfig } from './notify/notifier-config.ts';
export type { Notifier } from './notify/notifier.ts';
export type { AnomalyStateStore, FeedbackRecord } from './state/state-store.ts';
export { openSqliteAnomalyState } from './state/sqlite-state.ts';
export { SESSION_DETECTORS, sessionDetector } from './sessions/registry.ts';
export { evaluate, type EvalResult } from './sessions/evaluate.ts';
export { readSessions, parseSessions, type Session } from './sessions/session.ts';
export { fitLineTemplates } from './lines/new-template.ts';
