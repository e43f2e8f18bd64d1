// The embedded store: one SQLite file in WAL mode. better-sqlite3 is synchronous, which
// makes "events + checkpoint in one transaction" a plain function call; the async methods
// only honour the engine-neutral Store contract.
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Event, TemplateParam, UnparsedRecord } from '../../core/event.ts';
import { assertTenant } from '../../core/layers.ts';
import type { BatchWrite, Checkpoint, EventQuery, Store, TemplateRow, WriteResult } from '../store.ts';
import { INDEXED_COLUMNS } from './schema.ts';
import { migrate } from './migrate.ts';
import { eventWhere } from './event-where.ts';
import { columnValue } from './column-value.ts';

interface EventRow {
  id: string;
  tenant: string;
  time: number;
  ingested: number;
  source: string;
  parser: string;
  template_id: string | null;
  template_params: string | null;
  raw: string;
  fields: string;
}

interface TemplateDbRow {
  template_id: string;
  template: string;
  count: number;
  example: string;
  params: string;
  first_seen: number;
  last_seen: number;
  program: string | null;
}

export function openSqliteStore(file: string): Store {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  // 16 KiB pages for new files (existing files keep theirs; WAL mode fixes it, so it comes
  // first): events are ~600 bytes with their JSON, and larger pages measured 1.4–2× faster
  // inserts with the indexes (fewer page splits and overflow pages, fewer pages per commit).
  db.pragma('page_size = 16384');
  db.pragma('journal_mode = WAL');
  // NORMAL in WAL mode survives a killed process (the case we promise); only a power cut
  // can lose the last commits, which FULL would cost a sync per batch to prevent.
  db.pragma('synchronous = NORMAL');
  // Trade-off, documented for operators: in WAL mode a committed batch survives a killed
  // process (kill -9 loses nothing committed, the exactly-once test checks it); a power loss
  // may lose the last few commits, never corrupts the file, and the checkpoints committed with
  // them roll back too, so the sources re-send those lines.
  db.pragma('busy_timeout = 5000');
  // 64 MiB page cache (negative = KiB): the indexes' hot pages stay in memory while writing.
  db.pragma('cache_size = -65536');
  db.pragma('temp_store = MEMORY');
  // A checkpoint copies the WAL into the file and syncs it; at SQLite's default (every 1,000
  // pages) a store with several indexes checkpointed on nearly every batch, which measured at
  // about half the write time. Every ~40 MB of WAL instead, and the WAL file is cut back to
  // 64 MB after a checkpoint so it does not keep its peak size on disk.
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  db.pragma(`wal_autocheckpoint = ${Math.ceil((40 << 20) / pageSize)}`);
  db.pragma('journal_size_limit = 67108864');
  try {
    migrate(db, file);
  } catch (err) {
    db.close();
    throw err;
  }

  const cols = [...INDEXED_COLUMNS.values()];
  const insertEvent = db.prepare(
    `INSERT OR IGNORE INTO events (id, tenant, time, ingested, source, parser, template_id, template_params, raw, fields, ${cols.join(', ')})
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?${', ?'.repeat(cols.length)})`,
  );
  const indexedFields = [...INDEXED_COLUMNS.keys()];
  // Statements per query shape, reused: preparing costs more than running a small query.
  const queryCache = new Map<string, Database.Statement>();
  const prepared = (sql: string): Database.Statement => {
    let st = queryCache.get(sql);
    if (!st) {
      // Shapes come from field names in queries; bounded so odd clients cannot grow it forever.
      if (queryCache.size >= 256) queryCache.clear();
      st = db.prepare(sql);
      queryCache.set(sql, st);
    }
    return st;
  };
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
  const selectCheckpoint = db.prepare('SELECT offset, state FROM checkpoints WHERE tenant = ? AND key = ?');
  const selectCheckpoints = db.prepare('SELECT key, offset, state FROM checkpoints WHERE tenant = ? ORDER BY key');
  const selectUnparsed = db.prepare('SELECT * FROM unparsed WHERE tenant = ? ORDER BY rowid LIMIT ?');
  const countUnparsedStmt = db.prepare('SELECT count(*) AS n FROM unparsed WHERE tenant = ?');
  const selectTemplates = db.prepare('SELECT * FROM templates WHERE tenant = ? ORDER BY count DESC, template_id');
  const selectTemplate = db.prepare('SELECT * FROM templates WHERE tenant = ? AND template_id = ?');
  const selectSnapshot = db.prepare('SELECT snapshot FROM miner_snapshots WHERE tenant = ?');
  const selectCounters = db.prepare('SELECT name, value FROM counters WHERE tenant = ? ORDER BY name');

  const write = db.transaction((b: BatchWrite): WriteResult => {
    const now = Date.now();
    let insertedEvents = 0;
    let insertedUnparsed = 0;
    for (const e of b.events) {
      if (e.tenant !== b.tenant) throw new Error(`event ${e.id} of tenant ${e.tenant} in a batch of tenant ${b.tenant}`);
      const f = e.fields;
      insertedEvents += insertEvent.run(
        e.id, e.tenant, e.time, e.ingested, e.source, e.parser, e.templateId ?? null,
        e.templateParams ? JSON.stringify(e.templateParams) : null, e.raw, JSON.stringify(f),
        ...indexedFields.map((name) => columnValue(f[name])),
      ).changes;
    }
    for (const u of b.unparsed) {
      if (u.tenant !== b.tenant) throw new Error(`unparsed ${u.id} of tenant ${u.tenant} in a batch of tenant ${b.tenant}`);
      insertedUnparsed += insertUnparsed.run(u.id, u.tenant, u.source, u.ingested, u.raw, u.reason, u.length).changes;
    }
    // A replayed batch (ids already stored) must not count its lines twice either.
    const replay = insertedEvents === 0 && insertedUnparsed === 0 && b.events.length + b.unparsed.length > 0;
    if (!replay) for (const [name, value] of Object.entries(b.counters)) if (value !== 0) addCounter.run(b.tenant, name, value);
    for (const t of b.templates ?? []) {
      upsertTemplate.run(b.tenant, t.templateId, t.template, t.count, t.example, JSON.stringify(t.params), t.lastSeen, t.lastSeen, t.program ?? null);
    }
    if (b.checkpoint) upsertCheckpoint.run(b.tenant, b.checkpoint.key, b.checkpoint.offset, JSON.stringify(b.checkpoint.state), now);
    if (b.minerSnapshot !== undefined) upsertSnapshot.run(b.tenant, JSON.stringify(b.minerSnapshot), now);
    return { insertedEvents, insertedUnparsed };
  });

  const toEvent = (r: EventRow): Event => ({
    id: r.id,
    tenant: r.tenant,
    source: r.source,
    time: r.time,
    ingested: r.ingested,
    raw: r.raw,
    parser: r.parser,
    ...(r.template_id ? { templateId: r.template_id } : {}),
    ...(r.template_params ? { templateParams: JSON.parse(r.template_params) as TemplateParam[] } : {}),
    fields: JSON.parse(r.fields) as Event['fields'],
  });
  const toTemplate = (r: TemplateDbRow): TemplateRow => ({
    templateId: r.template_id,
    template: r.template,
    count: r.count,
    example: r.example,
    params: JSON.parse(r.params) as TemplateParam[],
    firstSeen: r.first_seen,
    lastSeen: r.last_seen,
    ...(r.program ? { program: r.program } : {}),
  });

  return {
    async writeBatch(batch) {
      assertTenant(batch.tenant);
      return write.immediate(batch);
    },
    async getCheckpoint(tenant, key) {
      const row = selectCheckpoint.get(tenant, key) as { offset: number; state: string } | undefined;
      return row ? ({ key, offset: row.offset, state: JSON.parse(row.state) } as Checkpoint) : undefined;
    },
    async listCheckpoints(tenant) {
      return (selectCheckpoints.all(tenant) as { key: string; offset: number; state: string }[]).map((r) => ({
        key: r.key, offset: r.offset, state: JSON.parse(r.state) as Record<string, unknown>,
      }));
    },
    async queryEvents(q: EventQuery) {
      const { sql, params } = eventWhere(q);
      // The (tenant, column, time) indexes give an indexed field's matches already in time
      // order, so no `+time` hint is needed any more to steer the planner off the time index.
      const rows = prepared(`SELECT id, tenant, time, ingested, source, parser, template_id, template_params, raw, fields FROM events WHERE ${sql} ORDER BY time, rowid LIMIT ?`)
        .all(...params, q.limit ?? -1) as EventRow[];
      return rows.map(toEvent);
    },
    async countEvents(q: EventQuery) {
      const { sql, params } = eventWhere(q);
      return (prepared(`SELECT count(*) AS n FROM events WHERE ${sql}`).get(...params) as { n: number }).n;
    },
    async listUnparsed(tenant, limit = 100) {
      return selectUnparsed.all(tenant, limit) as UnparsedRecord[];
    },
    async countUnparsed(tenant) {
      return (countUnparsedStmt.get(tenant) as { n: number }).n;
    },
    async listTemplates(tenant) {
      return (selectTemplates.all(tenant) as TemplateDbRow[]).map(toTemplate);
    },
    async getTemplate(tenant, templateId) {
      const row = selectTemplate.get(tenant, templateId) as TemplateDbRow | undefined;
      return row ? toTemplate(row) : undefined;
    },
    async loadMinerSnapshot(tenant) {
      const row = selectSnapshot.get(tenant) as { snapshot: string } | undefined;
      return row ? (JSON.parse(row.snapshot) as unknown) : undefined;
    },
    async counters(tenant) {
      const out: Record<string, number> = {};
      for (const r of selectCounters.all(tenant) as { name: string; value: number }[]) out[r.name] = r.value;
      return out;
    },
    async close() {
      if (!db.open) return;
      // Lets SQLite refresh the planner's statistics where they have gone stale (cheap).
      db.pragma('optimize');
      db.close();
    },
  };
}
