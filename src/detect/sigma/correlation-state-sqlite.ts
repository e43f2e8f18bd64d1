// Correlation state in SQLite: one JSON snapshot per tenant, in its own table.
import Database from 'better-sqlite3';
import type { CorrelationSnapshot, CorrelationStateStore } from './correlation-state.ts';

export class SqliteCorrelationStateStore implements CorrelationStateStore {
  private readonly db: Database.Database;
  private readonly owned: boolean;

  constructor(db: Database.Database | string) {
    this.owned = typeof db === 'string';
    this.db = typeof db === 'string' ? new Database(db) : db;
    this.db.exec(`CREATE TABLE IF NOT EXISTS sigma_correlation_state (
      tenant TEXT PRIMARY KEY,
      snapshot TEXT NOT NULL,
      saved_at INTEGER NOT NULL
    )`);
  }

  load(tenant: string): CorrelationSnapshot | undefined {
    const row = this.db.prepare('SELECT snapshot FROM sigma_correlation_state WHERE tenant = ?').get(tenant) as { snapshot: string } | undefined;
    return row ? (JSON.parse(row.snapshot) as CorrelationSnapshot) : undefined;
  }

  save(tenant: string, snapshot: CorrelationSnapshot): void {
    this.db
      .prepare('INSERT INTO sigma_correlation_state (tenant, snapshot, saved_at) VALUES (?, ?, ?) ON CONFLICT(tenant) DO UPDATE SET snapshot = excluded.snapshot, saved_at = excluded.saved_at')
      .run(tenant, JSON.stringify(snapshot), Date.now());
  }

  close(): void {
    if (this.owned) this.db.close();
  }
}
