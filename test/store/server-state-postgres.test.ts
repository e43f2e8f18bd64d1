// The server's state in PostgreSQL (real server, throwaway database): a correlation snapshot
// saved by one store is what another store on the same database loads, the anomaly stage's
// model, reports and feedback read back as the embedded file's do, tenants are kept apart by
// row-level security as in every other table, and the field indexes are those of the
// embedded store.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import pg from 'pg';
import type { CorrelationSnapshot } from '../../src/detect/sigma/correlation-state.ts';
import { emptyAggregates } from '../../src/detect/sigma/correlation-state.ts';
import { PostgresCorrelationStateStore } from '../../src/store/postgres/correlation-state-postgres.ts';
import { postgresAnomalyState } from '../../src/store/postgres/anomaly-state-postgres.ts';
import { openSqliteAnomalyState } from '../../src/detect/anomaly/state/sqlite-state.ts';
import { emptyModel } from '../../src/detect/anomaly/model.ts';
import type { AnomalyStateStore } from '../../src/detect/anomaly/state/state-store.ts';
import { sampleReport } from '../server/server-helpers.ts';
import { openPostgresStore, type PostgresStore } from '../../src/store/postgres/index.ts';
import { MIGRATIONS, SCHEMA_VERSION, TENANT_ROLE } from '../../src/store/postgres/schema.ts';
import { createTempDatabase, type TempDatabase } from './postgres-db.ts';

let db: TempDatabase;
const stores: PostgresStore[] = [];
before(async () => {
  db = await createTempDatabase('stegosoc_corrstate');
});
after(async () => {
  for (const s of stores) await s.close();
  await db?.drop();
});
const open = async () => {
  const s = await openPostgresStore(db.url);
  stores.push(s);
  return s;
};

/** One open window of `corr` for the group `key`, `n` entries long; groups in the given order. */
const snapshot = (corr: string, keys: readonly string[], n = 1): CorrelationSnapshot => ({
  [corr]: Object.fromEntries(keys.map((key) => [key, {
    g: { 'source.ip': key }, start: 1000,
    entries: Array.from({ length: n }, (_, i) => ({ t: 1000 + i, r: 0, l: [i], v: `u\u0000${i}` })),
    agg: { ...emptyAggregates(1), perRule: [n], rulesSeen: 1 },
  }])),
});

test('a snapshot saved through one store is loaded by the next on the same database, group order kept', async () => {
  const first = new PostgresCorrelationStateStore(await open());
  await first.prepare('acme');
  assert.equal(first.load('acme'), undefined, 'nothing saved yet');
  // Keys jsonb would reorder (shorter first): the order is the eviction order.
  const saved = snapshot('brute', ['["10.0.0.100"]', '["10.0.0.2"]', '["b"]'], 3);
  first.save('acme', snapshot('brute', ['["old"]']));
  first.save('acme', saved);
  await first.flush();
  assert.deepEqual(first.load('acme'), saved, 'the newest save is the one kept');

  const second = new PostgresCorrelationStateStore(await open());
  await second.prepare('acme');
  const loaded = second.load('acme');
  assert.deepEqual(loaded, saved);
  assert.deepEqual(Object.keys(loaded?.brute ?? {}), ['["10.0.0.100"]', '["10.0.0.2"]', '["b"]']);
});

test('two servers saving one tenant\'s state are warned; a server that takes over is not', async () => {
  const warned = { one: [] as string[], two: [] as string[], next: [] as string[] };
  const server = async (w: string[]) => new PostgresCorrelationStateStore(await open(), (m) => w.push(m));
  const round = async (s: PostgresCorrelationStateStore, key: string) => {
    s.save('shared', snapshot('c', [key]));
    await s.flush();
  };
  const one = await server(warned.one);
  const two = await server(warned.two);
  await one.prepare('shared');
  await two.prepare('shared');
  await round(one, '["1"]');
  await round(one, '["1b"]');
  assert.deepEqual(warned, { one: [], two: [], next: [] }, 'alone so far');
  await round(two, '["2"]');
  assert.match(warned.two[0] ?? '', /tenant shared was also saved by another server/);
  await round(one, '["1c"]');
  assert.equal(warned.one.length, 1, 'each finds the other\'s save over its own');
  // A server started after the others stopped carries on from their last save, unwarned.
  const next = await server(warned.next);
  await next.prepare('shared');
  assert.deepEqual(Object.keys(next.load('shared')?.c ?? {}), ['["1c"]']);
  await round(next, '["3"]');
  assert.deepEqual(warned.next, []);
});

test('a tenant not fetched yet is refused rather than started empty', async () => {
  const state = new PostgresCorrelationStateStore(await open());
  assert.throws(() => state.load('never-prepared'), /before it was fetched/);
});

test('each tenant reads and writes only its own correlation state (row-level security)', async () => {
  const store = await open();
  const state = new PostgresCorrelationStateStore(store);
  for (const t of ['alpha', 'bravo']) {
    await state.prepare(t);
    state.save(t, snapshot(`corr-${t}`, [`["${t}"]`]));
  }
  await state.flush();
  // Raw SQL with no tenant condition, in the store's own tenant session.
  const seen = await store.transaction('alpha', async (tx) =>
    (await tx.client.query<{ tenant: string }>('SELECT tenant FROM sigma_correlation_state ORDER BY tenant')).rows.map((r) => r.tenant));
  assert.deepEqual(seen, ['alpha']);
  await assert.rejects(
    store.transaction('alpha', (tx) => tx.client.query(`INSERT INTO sigma_correlation_state (tenant, snapshot, saved_at, writer) VALUES ('bravo-2', '{}', 1, 'x')`)),
    /row-level security/,
  );
  const overwrite = await store.transaction('alpha', async (tx) => (await tx.client.query(`UPDATE sigma_correlation_state SET snapshot = '{}' WHERE tenant = 'bravo'`)).rowCount);
  assert.equal(overwrite, 0, 'bravo\'s row is out of alpha\'s reach');
  const fresh = new PostgresCorrelationStateStore(store);
  await fresh.prepare('bravo');
  assert.deepEqual(Object.keys(fresh.load('bravo') ?? {}), ['corr-bravo']);
  // The tenant role with no tenant set sees no row at all.
  const c = new pg.Client({ connectionString: db.url });
  await c.connect();
  try {
    await c.query(`SET ROLE ${TENANT_ROLE}`);
    assert.equal((await c.query('SELECT * FROM sigma_correlation_state')).rowCount, 0);
  } finally {
    await c.end();
  }
});

test('a failed save is reported and the next save writes the newer state', async () => {
  const store = await open();
  const errors: string[] = [];
  const state = new PostgresCorrelationStateStore(store, (m) => errors.push(m));
  await state.prepare('flaky');
  const c = new pg.Client({ connectionString: db.url });
  await c.connect();
  try {
    // Refuse the write once, as a lost connection or a full disk would.
    await c.query('REVOKE INSERT ON sigma_correlation_state FROM ' + TENANT_ROLE);
    state.save('flaky', snapshot('c', ['["1"]']));
    await state.flush();
    assert.equal(errors.length, 1);
    assert.match(errors[0] ?? '', /^correlation state of tenant flaky not saved: permission denied/);
    await c.query('GRANT INSERT ON sigma_correlation_state TO ' + TENANT_ROLE);
  } finally {
    await c.end();
  }
  state.save('flaky', snapshot('c', ['["2"]']));
  await state.flush();
  const next = new PostgresCorrelationStateStore(store);
  await next.prepare('flaky');
  assert.deepEqual(Object.keys(next.load('flaky')?.c ?? {}), ['["2"]']);
});

test('events keep the field indexes of the embedded store: event.action and process.name have none', async () => {
  await open();
  const c = new pg.Client({ connectionString: db.url });
  await c.connect();
  try {
    const { rows } = await c.query<{ def: string }>(`SELECT indexdef AS def FROM pg_indexes WHERE tablename = 'events' AND indexname LIKE 'events_field_%' ORDER BY indexname`);
    const fields = rows.map((r) => /fields -> '([^']+)'/.exec(r.def)?.[1]);
    assert.deepEqual(fields, ['source.ip', 'destination.ip', 'user.name', 'host.name']);
  } finally {
    await c.end();
  }
});

test('a version 5 database is brought to 6: the two indexes go, the state table comes, the events stay', async () => {
  const old = await createTempDatabase('stegosoc_v5');
  try {
    const c = new pg.Client({ connectionString: old.url });
    await c.connect();
    try {
      // The database as the previous build left it.
      await c.query('CREATE TABLE stegosoc_migrations (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())');
      for (const m of MIGRATIONS.filter((x) => x.version <= 5)) {
        await c.query(m.sql);
        await c.query('INSERT INTO stegosoc_migrations (version) VALUES ($1)', [m.version]);
      }
      await c.query(`INSERT INTO events (tenant, id, time, ingested, source, parser, raw, fields) VALUES ('acme', 'e1', 1, 1, 's', 'p', 'x', '{"process.name": "sshd"}')`);
      const names = async () => (await c.query<{ n: string }>(`SELECT indexname AS n FROM pg_indexes WHERE tablename = 'events' AND indexname LIKE 'events_field_%' ORDER BY 1`)).rows.map((r) => r.n);
      assert.equal((await names()).length, 6);
      const store = await openPostgresStore(old.url);
      try {
        assert.deepEqual(await names(), ['events_field_0', 'events_field_1', 'events_field_2', 'events_field_3']);
        assert.equal((await c.query<{ v: number }>('SELECT max(version) AS v FROM stegosoc_migrations')).rows[0]?.v, SCHEMA_VERSION);
        assert.deepEqual((await store.queryEvents({ tenant: 'acme', where: { 'process.name': 'sshd' } })).map((e) => e.id), ['e1'], 'the field is still searchable');
        const state = new PostgresCorrelationStateStore(store);
        await state.prepare('acme');
        assert.equal(state.load('acme'), undefined);
      } finally {
        await store.close();
      }
    } finally {
      await c.end();
    }
  } finally {
    await old.drop();
  }
});

test('the anomaly state reads back as the embedded file\'s, each tenant its own rows', async () => {
  const store = await open();
  const H = Date.UTC(2026, 10, 27, 10);
  const fill = async (state: AnomalyStateStore) => {
    for (const t of ['alpha', 'bravo']) {
      const model = emptyModel(t);
      model.firstWindow = 7;
      await state.saveModel(model);
      await state.saveReport(sampleReport(t, H, `${t}-web`));
      await state.saveReport(sampleReport(t, H + 3_600_000, `${t}-db\u0000`));
      await state.addFeedback({ tenant: t, key: 'k2', at: 5, note: 'second, same ms' });
      await state.addFeedback({ tenant: t, key: 'k1', at: 5, note: 'first' });
    }
    return {
      // Revived the same way: the same tables, written back to the same JSON.
      model: JSON.stringify(await state.loadModel('alpha')),
      reports: await state.listReports('alpha'),
      report: await state.loadReport('alpha', H + 3_600_000),
      missing: [await state.loadReport('alpha', H - 1), await state.loadModel('charlie')],
      feedback: await state.listFeedback('bravo'),
    };
  };
  const sqlite = openSqliteAnomalyState(':memory:');
  const expected = await fill(sqlite);
  await sqlite.close();
  assert.deepEqual(await fill(postgresAnomalyState(store)), expected);
  assert.match(expected.model, /"firstWindow":7/);
  const seen = await store.transaction('alpha', async (tx) =>
    (await tx.client.query<{ tenant: string }>('SELECT DISTINCT tenant FROM anomaly_report UNION SELECT tenant FROM anomaly_model UNION SELECT tenant FROM anomaly_feedback')).rows.map((r) => r.tenant));
  assert.deepEqual(seen, ['alpha'], 'row-level security: alpha\'s session reads none of bravo\'s rows');
  await assert.rejects(
    store.transaction('alpha', (tx) => tx.client.query(`INSERT INTO anomaly_feedback (tenant, key, at, note) VALUES ('bravo', 'x', 1, 'forged')`)),
    /row-level security/,
  );
});
