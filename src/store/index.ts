// The store's public face: the engine-neutral contract and the embedded implementation.
export type { Store, BatchWrite, Checkpoint, EventQuery, TemplateRow, TemplateStat, WriteResult } from './store.ts';
export type { AlertListQuery, AlertStatus, ConsoleStore, OverviewCounts, OverviewQuery, Purged, Triage, TriagedAlert } from './console.ts';
export { openSqliteStore } from './sqlite/sqlite-store.ts';
export { openStore, storeKind, type StoreKind } from './open-store.ts';
