// The scale-out correlator's saved state (table correlator_state, real PostgreSQL): what is
// loaded is what was saved, object key order included — the order of a correlation's groups
// is the order they are evicted in at the cap, so a restart must not change it (jsonb would
// sort the keys shortest first; migration v7 keeps the text).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { loadCorrelatorState, saveCorrelatorState } from '../../src/store/postgres/correlator-state.ts';
import { openPostgresStore, type PostgresStore } from '../../src/store/postgres/index.ts';
import { createTempDatabase, type TempDatabase } from './postgres-db.ts';

let db: TempDatabase;
let store: PostgresStore;
before(async () => {
  db = await createTempDatabase('stegosoc_correlator_state');
  store = await openPostgresStore(db.url);
});
after(async () => {
  await store?.close();
  await db?.drop();
});

test('correlator state reads back as saved, group order kept, per tenant and partition', async () => {
  const groups = ['["10.0.0.100"]', '["10.0.0.2"]', '["b"]'];
  const state = { windows: { brute: Object.fromEntries(groups.map((g, i) => [g, { n: i, note: 'nul\u0000' }])) } };
  await saveCorrelatorState(store, 'acme', 3, { lastSeq: 41, state }, []);
  await saveCorrelatorState(store, 'acme', 3, { lastSeq: 42, state }, []);
  const loaded = await loadCorrelatorState<typeof state>(store, 'acme', 3);
  assert.equal(loaded?.lastSeq, 42, 'the newest save is kept');
  assert.deepEqual(Object.keys(loaded?.state.windows.brute ?? {}), groups);
  assert.equal(loaded?.state.windows.brute['["b"]']?.n, 2);
  assert.equal(await loadCorrelatorState(store, 'acme', 4), undefined, 'another partition has nothing');
  assert.equal(await loadCorrelatorState(store, 'other', 3), undefined, 'another tenant sees nothing');
});
