// The console's part of the Store contract over the PostgreSQL store (127.0.0.1:5432), one
// throwaway database per test.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { openPostgresStore } from '../../src/store/postgres/index.ts';
import { createTempDatabase, type TempDatabase } from './postgres-db.ts';
import { consoleContract } from './console-contract.ts';

const dbs: TempDatabase[] = [];
after(async () => {
  for (const d of dbs) await d.drop();
});
consoleContract({
  name: 'postgres',
  open: async () => {
    const d = await createTempDatabase();
    dbs.push(d);
    return openPostgresStore(d.url);
  },
});

// Writers that commit out of order: the alert whose row id is lower commits last. A reader going
// by row id would have passed over it; the live cursor holds both back until no earlier writer
// is running, then gives each exactly once.
test('postgres: the live cursor gives every alert once when writers commit out of order', async () => {
  const d = await createTempDatabase();
  dbs.push(d);
  const store = await openPostgresStore(d.url);
  const a = new pg.Client({ connectionString: d.url });
  const b = new pg.Client({ connectionString: d.url });
  await a.connect();
  await b.connect();
  const insert = (c: pg.Client, id: string) =>
    c.query(`INSERT INTO sigma_alerts (tenant, id, time, rule_id, level, repeats, body) VALUES ('acme', $1, 1, 'r', 'high', 0, $2)`,
      [id, JSON.stringify({ id, tenant: 'acme', time: 1, kind: 'rule', rule: { id: 'r', title: 'r', level: 'high', tags: [], references: [] }, input: {}, events: [], repeats: 0 })]);
  try {
    const start = await store.latestAlertCursor('acme');
    const seen: string[] = [];
    let cursor = start;
    const drain = async () => {
      const got = await store.alertsSince('acme', cursor);
      cursor = got.cursor;
      seen.push(...got.alerts.map((x) => x.id));
    };
    // Case 1: a takes the lower row id, b commits first.
    await a.query('BEGIN');
    await insert(a, 'a1');
    await b.query('BEGIN');
    await insert(b, 'b1');
    await b.query('COMMIT');
    await drain();
    assert.deepEqual(seen, [], 'b1 is held back while a1 may still commit');
    await a.query('COMMIT');
    await drain();
    assert.deepEqual(seen.sort(), ['a1', 'b1']);
    // Case 2: b holds the older transaction id, a the lower row id; b commits first.
    await b.query('BEGIN');
    await b.query('SELECT pg_current_xact_id()');
    await a.query('BEGIN');
    await insert(a, 'a2');
    await insert(b, 'b2');
    await b.query('COMMIT');
    await drain();
    await a.query('COMMIT');
    await drain();
    await drain();
    assert.deepEqual(seen.slice(2).sort(), ['a2', 'b2']);
    assert.equal(new Set(seen).size, seen.length, 'no alert twice');
    assert.equal(cursor, await store.latestAlertCursor('acme'));
  } finally {
    await a.end();
    await b.end();
    await store.close();
  }
});
