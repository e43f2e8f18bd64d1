// The embedded store: one SQLite file in WAL mode. better-sqlite3 is synchronous, which
// makes "events + checkpoint in one transaction" a plain function call (row-writer.ts); the
// async methods honour the engine-neutral Store contract, and let the writes run on a
// worker thread (thread-writer.ts) when the caller asks for it.
import type Database from 'better-sqlite3';
import type { Event, TemplateParam, UnparsedRecord } from '../../core/event.ts';
import { assertTenant } from '../../core/layers.ts';
import type { Checkpoint, EventQuery, Store, TemplateRow, WriteResult } from '../store.ts';
import { eventWhere } from './event-where.ts';
import { openStoreDb } from './open-db.ts';
import { toRowBatch, type RowBatch } from './row-batch.ts';
import { rowWriter } from './row-writer.ts';
import { startThreadWriter, type ThreadWriter } from './thread-writer.ts';
import { sqliteConsoleQueries } from './console-queries.ts';

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

export interface SqliteStoreOptions {
  /** Commit batches on a worker thread with its own connection: the caller's thread (parsing,
   *  detection, HTTP) keeps going while SQLite writes, so the two use two cores. Reads stay on
   *  this thread's connection (WAL: they see every committed batch). Ignored for ':memory:'. */
  writerThread?: boolean;
}

export function openSqliteStore(file: string, options: SqliteStoreOptions = {}): Store {
  const db = openStoreDb(file);
  // The in-thread writer, or the thread started on first use (opening it is async; opening
  // the store is not, so callers keep one synchronous way to open it).
  const inline = options.writerThread && file !== ':memory:' ? undefined : rowWriter(db);
  let thread: Promise<ThreadWriter> | undefined;
  const writeRows = (rb: RowBatch): Promise<WriteResult> => {
    if (inline) return Promise.resolve(inline(rb));
    thread ??= startThreadWriter(file);
    return thread.then((w) => w.write(rb));
  };

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
  const selectCheckpoint = db.prepare('SELECT offset, state FROM checkpoints WHERE tenant = ? AND key = ?');
  const selectCheckpoints = db.prepare('SELECT key, offset, state FROM checkpoints WHERE tenant = ? ORDER BY key');
  const selectUnparsed = db.prepare('SELECT * FROM unparsed WHERE tenant = ? ORDER BY rowid LIMIT ?');
  const countUnparsedStmt = db.prepare('SELECT count(*) AS n FROM unparsed WHERE tenant = ?');
  const selectTemplates = db.prepare('SELECT * FROM templates WHERE tenant = ? ORDER BY count DESC, template_id');
  const selectTemplate = db.prepare('SELECT * FROM templates WHERE tenant = ? AND template_id = ?');
  const selectSnapshot = db.prepare('SELECT snapshot FROM miner_snapshots WHERE tenant = ?');
  const selectCounters = db.prepare('SELECT name, value FROM counters WHERE tenant = ? ORDER BY name');


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
    ...sqliteConsoleQueries(db),
    async writeBatch(batch) {
      assertTenant(batch.tenant);
      return writeRows(toRowBatch(batch));
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
      // Writes already sent commit before the thread closes.
      if (thread) await (await thread).close();
      // Lets SQLite refresh the planner's statistics where they have gone stale (cheap).
      db.pragma('optimize');
      db.close();
    },
  };
}
