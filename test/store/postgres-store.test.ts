// The PostgreSQL store on the real server: the shared Store contract, then what is specific
// to it — row-level security, versioned migrations, NUL characters, alerts in the batch's
// transaction.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import pg from 'pg';
import type { Event } from '../../src/core/event.ts';
import type { Alert } from '../../src/detect/sigma/alert.ts';
import { openPostgresStore, PostgresAlertBuffer, type PostgresStore } from '../../src/store/postgres/index.ts';
import { openStore, storeKind } from '../../src/store/index.ts';
import { SCHEMA_VERSION, TENANT_ROLE } from '../../src/store/postgres/schema.ts';
import { createTempDatabase, type TempDatabase } from './postgres-db.ts';
import { storeContract, testAlert } from './store-contract.ts';

const dbs: TempDatabase[] = [];
after(async () => {
  for (const d of dbs) await d.drop();
});
const freshStore = async (): Promise<PostgresStore> => {
  const d = await createTempDatabase();
  dbs.push(d);
  return openPostgresStore(d.url);
};

storeContract({ name: 'postgres', open: freshStore });

let shared: TempDatabase;
before(async () => {
  shared = await createTempDatabase();
  dbs.push(shared);
});

const ev = (id: string, tenant = 'acme', raw = `line ${id}`): Event => ({ id, tenant, source: 's', time: 1, ingested: 1, raw, parser: 'p', fields: {} });

test('postgres: row-level security hides other tenants even from a query that names none', async () => {
  const store = await openPostgresStore(shared.url);
  try {
    await store.writeBatch({ tenant: 'acme', events: [ev('a1'), ev('a2')], unparsed: [], counters: { lines: 2 } });
    await store.writeBatch({ tenant: 'globex', events: [ev('g1', 'globex')], unparsed: [], counters: { lines: 1 } });
    // Raw SQL without any tenant condition, inside the store's own tenant session.
    const seen = await store.transaction('globex', async (tx) => (await tx.client.query<{ id: string }>('SELECT id FROM events ORDER BY id')).rows.map((r) => r.id));
    assert.deepEqual(seen, ['g1']);
    const counters = await store.transaction('globex', async (tx) => (await tx.client.query('SELECT * FROM counters')).rowCount);
    assert.equal(counters, 1);
    // Writing another tenant's row through a tenant session is refused by the policy.
    await assert.rejects(
      store.transaction('globex', (tx) => tx.client.query(`INSERT INTO counters (tenant, name, value) VALUES ('acme', 'x', 1)`)),
      /row-level security/,
    );
  } finally {
    await store.close();
  }
  // The same role without a tenant set sees nothing at all.
  const c = new pg.Client({ connectionString: shared.url });
  await c.connect();
  try {
    await c.query(`SET ROLE ${TENANT_ROLE}`);
    assert.equal((await c.query('SELECT * FROM events')).rowCount, 0);
  } finally {
    await c.end();
  }
});

test('postgres: migrations are recorded, re-opening applies nothing, a newer schema is refused', async () => {
  const d = await createTempDatabase();
  dbs.push(d);
  const [a, b] = await Promise.all([openPostgresStore(d.url), openPostgresStore(d.url)]);
  await Promise.all([a.close(), b.close()]);
  const c = new pg.Client({ connectionString: d.url });
  await c.connect();
  try {
    const { rows } = await c.query<{ version: number }>('SELECT version FROM stegosoc_migrations ORDER BY version');
    assert.deepEqual(rows.map((r) => r.version), Array.from({ length: SCHEMA_VERSION }, (_, i) => i + 1));
    await c.query('INSERT INTO stegosoc_migrations (version) VALUES ($1)', [SCHEMA_VERSION + 1]);
  } finally {
    await c.end();
  }
  await assert.rejects(openPostgresStore(d.url), /newer than this build/);
});

test('postgres: a NUL character in a raw line is stored as U+FFFD instead of failing the batch', async () => {
  const store = await openPostgresStore(shared.url);
  try {
    const r = await store.writeBatch({ tenant: 'nul', events: [ev('n1', 'nul', 'bin\u0000ary \\u0000 kept')], unparsed: [], counters: {} });
    assert.equal(r.insertedEvents, 1);
    assert.deepEqual((await store.queryEvents({ tenant: 'nul' })).map((e) => e.raw), ['bin\uFFFDary \\u0000 kept']);
  } finally {
    await store.close();
  }
});

test('postgres: alerts commit with their batch, and a redelivered batch reports none as fresh', async () => {
  const store = await openPostgresStore(shared.url);
  const alert = (id: string): Alert => testAlert(id, 'alerts');
  const sink = new PostgresAlertBuffer();
  const writeWithAlerts = (fail: boolean) =>
    store.transaction('alerts', async (tx) => {
      sink.add(alert('x1'));
      sink.add(alert('x2'));
      sink.addRepeats('alerts', 'x1', 2);
      await tx.writeBatch({ tenant: 'alerts', events: [ev('e1', 'alerts')], unparsed: [], counters: {} });
      const fresh = await sink.flush(tx.client);
      if (fail) throw new Error('crash before commit');
      return fresh;
    });
  try {
    await assert.rejects(writeWithAlerts(true), /crash before commit/);
    assert.deepEqual(await store.listAlerts({ tenant: 'alerts' }), [], 'rolled back with the batch');
    assert.equal(await store.countEvents({ tenant: 'alerts' }), 0);
    assert.deepEqual((await writeWithAlerts(false)).map((a) => a.id), ['x1', 'x2']);
    assert.deepEqual(await writeWithAlerts(false), [], 'the redelivery raises nothing new');
    const stored = await store.listAlerts({ tenant: 'alerts' });
    assert.deepEqual(stored.map((a) => a.id), ['x1', 'x2']);
    assert.equal(stored[0]?.rule.title, 'T');
    assert.deepEqual(await store.listAlerts({ tenant: 'other' }), []);
  } finally {
    await store.close();
  }
});

test('postgres: throttled repeats count once per event, however often the batch is replayed', async () => {
  const store = await openPostgresStore(shared.url);
  try {
    const write = () => store.writeBatch({ tenant: 'folds', events: [ev('f1', 'folds'), ev('f2', 'folds')], unparsed: [], counters: {}, alerts: [
      { kind: 'alert', alert: testAlert('r1:f1', 'folds') },
      { kind: 'repeats', tenant: 'folds', alertId: 'r1:f1', repeats: 1, eventId: 'f2' },
    ] });
    await write();
    await write();
    const [stored] = await store.listAlerts({ tenant: 'folds' });
    assert.equal(stored?.repeats, 1);
  } finally {
    await store.close();
  }
});

test('openStore picks the engine from the address', async () => {
  assert.deepEqual(storeKind('postgres://u@h/db'), { kind: 'postgres', target: 'postgres://u@h/db' });
  assert.deepEqual(storeKind('sqlite:/tmp/x.db'), { kind: 'sqlite', target: '/tmp/x.db' });
  assert.deepEqual(storeKind('var/stegosoc.db'), { kind: 'sqlite', target: 'var/stegosoc.db' });
  assert.throws(() => storeKind('mysql://h/db'), /unsupported store address/);
  const store = await openStore(shared.url);
  assert.equal(await store.countEvents({ tenant: 'nobody' }), 0);
  await store.close();
});
