// The shared store: PostgreSQL through `pg` (node-postgres), for several workers writing and
// servers reading at once. Same contract and semantics as the embedded store
// (src/store/sqlite/sqlite-store.ts): a batch's events, unparsed lines, counters, templates,
// checkpoint and miner snapshot commit in ONE transaction, and event ids are unique per
// tenant, so a replayed or redelivered batch inserts nothing and counts nothing.
//
// Tenancy, twice: every statement names its tenant, and every session acts as a role under
// row-level security whose policies admit only the rows of the session's `stegosoc.tenant`
// (set before each use of a connection for another tenant).
//
// Batches go in as one JSON document per table (jsonb_to_recordset): one parameter, one
// statement, whatever the batch size, and JSON.stringify is native where pg's array literals
// are escaped in JavaScript. jsonb, not json: the document is parsed once and each row's
// fields are cut from it as jsonb, where json_to_recordset re-parses every jsonb column's
// text (measured ~3× slower per batch).
import pg from 'pg';
import type { Pool, PoolClient } from 'pg';
import type { Event, TemplateParam, UnparsedRecord } from '../../core/event.ts';
import { assertTenant } from '../../core/layers.ts';
import type { Alert } from '../../detect/sigma/alert.ts';
import type { AlertQuery } from '../../detect/sigma/alert-sink.ts';
import type { BatchWrite, Checkpoint, EventQuery, Store, TemplateRow, WriteResult } from '../store.ts';
import { listAlerts, PostgresAlertBuffer } from './alert-sink-postgres.ts';
import { eventWhere } from './event-where.ts';
import { pgJson } from './pg-json.ts';
import { migrate } from './migrate.ts';
import { TENANT_ROLE, TENANT_SETTING } from './schema.ts';
import { postgresConsoleQueries } from './console-queries.ts';

export interface PostgresStoreOptions {
  /** Connections kept open (default 4: a worker writes on one, reads are short). */
  maxConnections?: number;
}

/** A transaction of one tenant, handed to `PostgresStore.transaction`. */
export interface TenantTransaction {
  readonly client: PoolClient;
  writeBatch(batch: BatchWrite): Promise<WriteResult>;
}

export interface PostgresStore extends Store {
  /** Runs `fn` in one transaction as `tenant`: what it writes commits together or not at all
   *  (the worker stores a batch's alerts with its events this way). */
  transaction<T>(tenant: string, fn: (tx: TenantTransaction) => Promise<T>): Promise<T>;
  listAlerts(q: AlertQuery): Promise<Alert[]>;
}

interface EventRow {
  id: string;
  tenant: string;
  time: number;
  ingested: number;
  source: string;
  parser: string;
  template_id: string | null;
  template_params: TemplateParam[] | null;
  raw: string;
  fields: Event['fields'];
}

interface TemplateDbRow {
  template_id: string;
  template: string;
  count: number;
  example: string;
  params: TemplateParam[];
  first_seen: number;
  last_seen: number;
  program: string | null;
}

const INT8_OID = 20;
// bigint columns (times, offsets, counts) come back as numbers: every value we store is an
// epoch ms, a byte offset or a count, far below 2^53. Per pool, not pg's global type table.
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID ? Number : pg.types.getTypeParser(oid, format ?? 'text')) as typeof pg.types.getTypeParser,
};

/** The URL with any password masked, for messages. */
export function redactUrl(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
}

export async function openPostgresStore(url: string, options: PostgresStoreOptions = {}): Promise<PostgresStore> {
  const pool: Pool = new pg.Pool({ connectionString: url, max: options.maxConnections ?? 4, types });
  // An idle connection the server dropped must not crash the process; the next checkout
  // gets a fresh one.
  pool.on('error', () => {});
  /** The tenant each open connection is set to; absent until the role is taken. */
  const sessionTenant = new WeakMap<PoolClient, string>();
  try {
    const c = await pool.connect();
    try {
      await migrate(c, redactUrl(url));
    } finally {
      c.release();
    }
  } catch (err) {
    await pool.end();
    throw err;
  }

  const checkout = async (tenant: string): Promise<PoolClient> => {
    assertTenant(tenant);
    const client = await pool.connect();
    if (sessionTenant.get(client) !== tenant) {
      try {
        // Session-level (not LOCAL) so a connection reused for the same tenant costs nothing;
        // a connection for another tenant is re-set here before any statement runs.
        await client.query(`SELECT set_config('role', '${TENANT_ROLE}', false), set_config('${TENANT_SETTING}', $1, false)`, [tenant]);
      } catch (err) {
        client.release(err as Error);
        throw err;
      }
      sessionTenant.set(client, tenant);
    }
    return client;
  };

  const read = async <T>(tenant: string, fn: (c: PoolClient) => Promise<T>): Promise<T> => {
    const client = await checkout(tenant);
    try {
      return await fn(client);
    } finally {
      client.release();
    }
  };

  const transaction = async <T>(tenant: string, fn: (tx: TenantTransaction) => Promise<T>): Promise<T> => {
    const client = await checkout(tenant);
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      const out = await fn({ client, writeBatch: (b) => writeIn(client, tenant, b) });
      await client.query('COMMIT');
      return out;
    } catch (err) {
      try {
        await client.query('ROLLBACK');
      } catch (rollbackErr) {
        // The connection itself failed: drop it from the pool rather than reuse it.
        broken = rollbackErr as Error;
      }
      throw err;
    } finally {
      client.release(broken);
    }
  };

  const toEvent = (r: EventRow): Event => ({
    id: r.id,
    tenant: r.tenant,
    source: r.source,
    time: r.time,
    ingested: r.ingested,
    raw: r.raw,
    parser: r.parser,
    ...(r.template_id ? { templateId: r.template_id } : {}),
    ...(r.template_params ? { templateParams: r.template_params } : {}),
    fields: r.fields,
  });
  const toTemplate = (r: TemplateDbRow): TemplateRow => ({
    templateId: r.template_id,
    template: r.template,
    count: r.count,
    example: r.example,
    params: r.params,
    firstSeen: r.first_seen,
    lastSeen: r.last_seen,
    ...(r.program ? { program: r.program } : {}),
  });

  return {
    ...postgresConsoleQueries(read),
    async writeBatch(batch) {
      return transaction(batch.tenant, (tx) => tx.writeBatch(batch));
    },
    transaction,
    async getCheckpoint(tenant, key) {
      const { rows } = await read(tenant, (c) =>
        c.query<{ offset: number; state: Record<string, unknown> }>('SELECT "offset", state FROM checkpoints WHERE tenant = $1 AND key = $2', [tenant, key]));
      const row = rows[0];
      return row ? { key, offset: row.offset, state: row.state } : undefined;
    },
    async listCheckpoints(tenant) {
      const { rows } = await read(tenant, (c) =>
        c.query<Checkpoint>('SELECT key, "offset", state FROM checkpoints WHERE tenant = $1 ORDER BY key', [tenant]));
      return rows.map((r) => ({ key: r.key, offset: r.offset, state: r.state }));
    },
    async queryEvents(q: EventQuery) {
      const { sql, params } = eventWhere(q);
      const limit = q.limit !== undefined ? ` LIMIT $${params.push(q.limit)}` : '';
      const { rows } = await read(q.tenant, (c) =>
        c.query<EventRow>(`SELECT id, tenant, time, ingested, source, parser, template_id, template_params, raw, fields FROM events WHERE ${sql} ORDER BY time, seq${limit}`, params));
      return rows.map(toEvent);
    },
    async countEvents(q: EventQuery) {
      const { sql, params } = eventWhere(q);
      const { rows } = await read(q.tenant, (c) => c.query<{ n: number }>(`SELECT count(*) AS n FROM events WHERE ${sql}`, params));
      return rows[0]?.n ?? 0;
    },
    async listUnparsed(tenant, limit = 100) {
      const { rows } = await read(tenant, (c) =>
        c.query<UnparsedRecord>('SELECT id, tenant, source, ingested, raw, reason, length FROM unparsed WHERE tenant = $1 ORDER BY seq LIMIT $2', [tenant, limit]));
      return rows;
    },
    async countUnparsed(tenant) {
      const { rows } = await read(tenant, (c) => c.query<{ n: number }>('SELECT count(*) AS n FROM unparsed WHERE tenant = $1', [tenant]));
      return rows[0]?.n ?? 0;
    },
    async listTemplates(tenant) {
      const { rows } = await read(tenant, (c) => c.query<TemplateDbRow>('SELECT * FROM templates WHERE tenant = $1 ORDER BY count DESC, template_id', [tenant]));
      return rows.map(toTemplate);
    },
    async getTemplate(tenant, templateId) {
      const { rows } = await read(tenant, (c) => c.query<TemplateDbRow>('SELECT * FROM templates WHERE tenant = $1 AND template_id = $2', [tenant, templateId]));
      return rows[0] ? toTemplate(rows[0]) : undefined;
    },
    async loadMinerSnapshot(tenant) {
      const { rows } = await read(tenant, (c) => c.query<{ snapshot: unknown }>('SELECT snapshot FROM miner_snapshots WHERE tenant = $1', [tenant]));
      return rows[0]?.snapshot;
    },
    async counters(tenant) {
      const { rows } = await read(tenant, (c) => c.query<{ name: string; value: number }>('SELECT name, value FROM counters WHERE tenant = $1 ORDER BY name', [tenant]));
      const out: Record<string, number> = {};
      for (const r of rows) out[r.name] = r.value;
      return out;
    },
    async listAlerts(q) {
      return read(q.tenant, (c) => listAlerts(c, q));
    },
    async close() {
      await pool.end();
    },
  };
}

/** The body of writeBatch, on a connection already in a transaction as `tenant`. */
async function writeIn(client: PoolClient, tenant: string, b: BatchWrite): Promise<WriteResult> {
  if (b.tenant !== tenant) throw new Error(`batch of tenant ${b.tenant} in a transaction of tenant ${tenant}`);
  const now = Date.now();
  let insertedEvents = 0;
  let insertedUnparsed = 0;
  if (b.events.length > 0) {
    const rows = b.events.map((e) => {
      if (e.tenant !== tenant) throw new Error(`event ${e.id} of tenant ${e.tenant} in a batch of tenant ${tenant}`);
      return { i: e.id, t: e.time, g: e.ingested, s: e.source, p: e.parser, ti: e.templateId ?? null, tp: e.templateParams ?? null, r: e.raw, f: e.fields };
    });
    // ON CONFLICT DO NOTHING: a stored id (a replay, a redelivery) is skipped, and rowCount
    // says how many were new.
    const res = await client.query(
      `INSERT INTO events (tenant, id, time, ingested, source, parser, template_id, template_params, raw, fields)
       SELECT $1, i, t, g, s, p, ti, tp, r, f
       FROM ROWS FROM (jsonb_to_recordset($2::jsonb) AS (i text, t bigint, g bigint, s text, p text, ti text, tp jsonb, r text, f jsonb))
         WITH ORDINALITY AS x(i, t, g, s, p, ti, tp, r, f, n) ORDER BY n
       ON CONFLICT DO NOTHING`,
      [tenant, pgJson(rows)],
    );
    insertedEvents = res.rowCount ?? 0;
  }
  if (b.unparsed.length > 0) {
    const rows = b.unparsed.map((u) => {
      if (u.tenant !== tenant) throw new Error(`unparsed ${u.id} of tenant ${u.tenant} in a batch of tenant ${tenant}`);
      return { i: u.id, s: u.source, g: u.ingested, r: u.raw, w: u.reason, l: u.length };
    });
    const res = await client.query(
      `INSERT INTO unparsed (tenant, id, source, ingested, raw, reason, length)
       SELECT $1, i, s, g, r, w, l
       FROM ROWS FROM (jsonb_to_recordset($2::jsonb) AS (i text, s text, g bigint, r text, w text, l integer))
         WITH ORDINALITY AS x(i, s, g, r, w, l, n) ORDER BY n
       ON CONFLICT DO NOTHING`,
      [tenant, pgJson(rows)],
    );
    insertedUnparsed = res.rowCount ?? 0;
  }
  // A replayed batch (ids already stored) must not count its lines twice either.
  const replay = insertedEvents === 0 && insertedUnparsed === 0 && b.events.length + b.unparsed.length > 0;
  const counters = Object.fromEntries(Object.entries(b.counters).filter(([, v]) => v !== 0));
  if (!replay && Object.keys(counters).length > 0) {
    await client.query(
      `INSERT INTO counters (tenant, name, value) SELECT $1, key, value::bigint FROM jsonb_each_text($2::jsonb)
       ON CONFLICT (tenant, name) DO UPDATE SET value = counters.value + excluded.value`,
      [tenant, pgJson(counters)],
    );
  }
  if (b.templates && b.templates.length > 0) {
    const rows = b.templates.map((t) => ({ i: t.templateId, t: t.template, c: t.count, e: t.example, p: t.params, l: t.lastSeen, g: t.program ?? null }));
    await client.query(
      `INSERT INTO templates (tenant, template_id, template, count, example, params, first_seen, last_seen, program)
       SELECT $1, i, t, c, e, p, l, l, g FROM jsonb_to_recordset($2::jsonb) AS x(i text, t text, c bigint, e text, p jsonb, l bigint, g text)
       ON CONFLICT (tenant, template_id) DO UPDATE SET template = excluded.template, count = templates.count + excluded.count,
         params = excluded.params, last_seen = excluded.last_seen`,
      [tenant, pgJson(rows)],
    );
  }
  if (b.checkpoint) {
    await client.query(
      `INSERT INTO checkpoints (tenant, key, "offset", state, updated) VALUES ($1, $2, $3, $4::jsonb, $5)
       ON CONFLICT (tenant, key) DO UPDATE SET "offset" = excluded."offset", state = excluded.state, updated = excluded.updated`,
      [tenant, b.checkpoint.key, b.checkpoint.offset, pgJson(b.checkpoint.state), now],
    );
  }
  if (b.minerSnapshot !== undefined) {
    await client.query(
      `INSERT INTO miner_snapshots (tenant, snapshot, updated) VALUES ($1, $2::jsonb, $3)
       ON CONFLICT (tenant) DO UPDATE SET snapshot = excluded.snapshot, updated = excluded.updated`,
      [tenant, pgJson(b.minerSnapshot), now],
    );
  }
  if (b.alerts) {
    // Alerts raised by the batch (the embedded pipeline's alertsWithBatch mode): first write
    // wins, repeats count once per event, all in this transaction.
    const buffer = new PostgresAlertBuffer();
    for (const a of b.alerts) {
      const owner = a.kind === 'alert' ? a.alert.tenant : a.tenant;
      if (owner !== tenant) throw new Error(`alert of tenant ${owner} in a batch of tenant ${tenant}`);
      if (a.kind === 'alert') buffer.add(a.alert);
      else buffer.addRepeats(a.tenant, a.alertId, a.repeats, a.eventId);
    }
    return { insertedEvents, insertedUnparsed, insertedAlerts: (await buffer.flush(client)).length };
  }
  return { insertedEvents, insertedUnparsed };
}
