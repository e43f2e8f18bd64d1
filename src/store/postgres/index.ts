// The shared PostgreSQL store's public face.
export { openPostgresStore, redactUrl, type PostgresStore, type PostgresStoreOptions, type TenantTransaction } from './postgres-store.ts';
export { PostgresAlertBuffer, listAlerts } from './alert-sink-postgres.ts';
