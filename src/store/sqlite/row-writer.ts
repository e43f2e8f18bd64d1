// Writes a RowBatch in ONE immediate transaction: events, unparsed lines, counters, templates,
// the source's checkpoint, the miner snapshot and the batch's L1 alerts, all or nothing (the exactly-once promise:
// a replay re-sends stored ids, which INSERT OR IGNORE skips, and then adds no counters).
// Events go in as multi-row INSERTs of CHUNK rows: one statement step per CHUNK events
// instead of one per event, which measured (bench/store.bench.ts) as the cheaper path
// through better-sqlite3's per-call binding and SQLite's per-statement setup. The values go
// in as arguments, not as one array: better-sqlite3 reads an array element by element through
// V8's generic property lookup, which measured ~1 µs an event more on the writer thread.
import type Database from 'better-sqlite3';
import type { AlertWrite, WriteResult } from '../store.ts';
import { SqliteAlertSink } from '../../detect/sigma/alert-store-sqlite.ts';
import { EVENT_COLUMNS, type RowBatch } from './row-batch.ts';

/** Rows per multi-row INSERT: 32 × 16 columns = 512 bound values, far below SQLite's limit.
 *  With the values passed as arguments, 32 measured ~4% less writer CPU an event than 64 and
 *  256 more (write-only probe over the bench/http-ingest batches, interleaved runs). */
const CHUNK = 32;
const WIDTH = EVENT_COLUMNS.length;

export function rowWriter(db: Database.Database): (rb: RowBatch) => WriteResult {
  const row = `(${Array.from({ length: WIDTH }, () => '?').join(', ')})`;
  const insertSql = (rows: number) =>
    `INSERT OR IGNORE INTO events (${EVENT_COLUMNS.join(', ')}) VALUES ${Array.from({ length: rows }, () => row).join(', ')}`;
  const insertChunk = db.prepare(insertSql(CHUNK));
  const insertOne = db.prepare(insertSql(1));
  const insertUnparsed = db.prepare(
    `INSERT OR IGNORE INTO unparsed (id, tenant, source, ingested, raw, reason, length) VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  const upsertCheckpoint = db.prepare(
    `INSERT INTO checkpoints (tenant, key, offset, state, updated) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (tenant, key) DO UPDATE SET offset = excluded.offset, state = excluded.state, updated = excluded.updated`,
  );
  const addCounter = db.prepare(
    `INSERT INTO counters (tenant, name, value) VALUES (?, ?, ?)
     ON CONFLICT (tenant, name) DO UPDATE SET value = value + excluded.value`,
  );
  const upsertTemplate = db.prepare(
    `INSERT INTO templates (tenant, template_id, template, count, example, params, first_seen, last_seen, program)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (tenant, template_id) DO UPDATE SET template = excluded.template, count = count + excluded.count,
       params = excluded.params, last_seen = excluded.last_seen`,
  );
  const upsertSnapshot = db.prepare(
    `INSERT INTO miner_snapshots (tenant, snapshot, updated) VALUES (?, ?, ?)
     ON CONFLICT (tenant) DO UPDATE SET snapshot = excluded.snapshot, updated = excluded.updated`,
  );

  // The alert tables belong to the detection package (created by its sink, on first use).
  let alertTable: { sink: SqliteAlertSink; exists: Database.Statement } | undefined;
  const writeAlerts = (writes: readonly AlertWrite[]): number => {
    alertTable ??= (() => {
      const sink = new SqliteAlertSink(db);
      return { sink, exists: db.prepare('SELECT 1 FROM sigma_alerts WHERE tenant = ? AND id = ?').pluck() };
    })();
    let fresh = 0;
    for (const w of writes) {
      if (w.kind === 'repeats') {
        alertTable.sink.addRepeats(w.tenant, w.alertId, w.repeats, w.eventId);
      } else if (alertTable.exists.get(w.alert.tenant, w.alert.id) === undefined) {
        alertTable.sink.add(w.alert);
        fresh++;
      }
    }
    return fresh;
  };

  const write = db.transaction((b: RowBatch): WriteResult => {
    const now = Date.now();
    let insertedEvents = 0;
    let insertedUnparsed = 0;
    const v = b.eventValues;
    const full = Math.floor(b.eventCount / CHUNK) * CHUNK;
    for (let i = 0; i < full; i += CHUNK) insertedEvents += insertChunk.run(...v.slice(i * WIDTH, (i + CHUNK) * WIDTH)).changes;
    for (let i = full; i < b.eventCount; i++) insertedEvents += insertOne.run(...v.slice(i * WIDTH, (i + 1) * WIDTH)).changes;
    for (const u of b.unparsed) {
      insertedUnparsed += insertUnparsed.run(u.id, u.tenant, u.source, u.ingested, u.raw, u.reason, u.length).changes;
    }
    // A replayed batch (ids already stored) must not count its lines twice either.
    const replay = insertedEvents === 0 && insertedUnparsed === 0 && b.eventCount + b.unparsed.length > 0;
    if (!replay) for (const [name, value] of Object.entries(b.counters)) if (value !== 0) addCounter.run(b.tenant, name, value);
    for (const t of b.templates) {
      upsertTemplate.run(b.tenant, t.templateId, t.template, t.count, t.example, JSON.stringify(t.params), t.lastSeen, t.lastSeen, t.program ?? null);
    }
    if (b.checkpoint) upsertCheckpoint.run(b.tenant, b.checkpoint.key, b.checkpoint.offset, JSON.stringify(b.checkpoint.state), now);
    if (b.minerSnapshot !== undefined) upsertSnapshot.run(b.tenant, b.minerSnapshot, now);
    if (b.alerts) return { insertedEvents, insertedUnparsed, insertedAlerts: writeAlerts(b.alerts) };
    return { insertedEvents, insertedUnparsed };
  });
  return (rb) => write.immediate(rb);
}
