import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Event } from '../../src/core/event.ts';
import { openSqliteStore } from '../../src/store/index.ts';
import type { BatchWrite } from '../../src/store/index.ts';

function tempDb(t: { after: (fn: () => void) => void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'stegosoc-store-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return join(dir, 'x.db');
}

const ev = (tenant: string, id: string, time: number, fields: Event['fields']): Event => ({
  id, tenant, source: 'test', time, ingested: time, raw: `raw ${id}`, parser: 'demo', fields,
});

const batch = (tenant: string, events: Event[], offset: number): BatchWrite => ({
  tenant, events, unparsed: [], counters: { lines: events.length }, checkpoint: { key: 'file:1:2', offset, state: { path: '/x' } },
});

test('events are stored with their checkpoint, and a replayed batch inserts nothing', async (t) => {
  const store = openSqliteStore(tempDb(t));
  t.after(() => store.close());
  const events = [ev('acme', 'a1', 1000, { 'source.ip': '10.0.0.1' }), ev('acme', 'a2', 2000, { 'source.ip': '10.0.0.2' })];
  assert.equal((await store.writeBatch(batch('acme', events, 42))).insertedEvents, 2);
  const again = await store.writeBatch(batch('acme', events, 42));
  assert.equal(again.insertedEvents, 0);
  assert.equal(await store.countEvents({ tenant: 'acme' }), 2);
  assert.deepEqual(await store.counters('acme'), { lines: 2 });
  assert.equal((await store.getCheckpoint('acme', 'file:1:2'))?.offset, 42);
});

test('a batch that fails midway leaves neither events nor checkpoint behind', async (t) => {
  const store = openSqliteStore(tempDb(t));
  t.after(() => store.close());
  const bad = [ev('acme', 'b1', 1000, {}), ev('other', 'b2', 1000, {})];
  await assert.rejects(store.writeBatch(batch('acme', bad, 99)), /tenant other/);
  assert.equal(await store.countEvents({ tenant: 'acme' }), 0);
  assert.equal(await store.getCheckpoint('acme', 'file:1:2'), undefined);
});

test('queries by tenant, time range and field equality never cross tenants', async (t) => {
  const store = openSqliteStore(tempDb(t));
  t.after(() => store.close());
  await store.writeBatch(batch('acme', [
    ev('acme', 'e1', 1000, { 'source.ip': '10.0.0.1', 'user.name': 'alice', 'http.response.status_code': 200 }),
    ev('acme', 'e2', 2000, { 'source.ip': '10.0.0.1', 'user.name': 'bob' }),
    ev('acme', 'e3', 3000, { 'source.ip': '10.0.0.9' }),
  ], 1));
  await store.writeBatch(batch('globex', [ev('globex', 'g1', 1500, { 'source.ip': '10.0.0.1' })], 1));
  const ids = async (q: Parameters<typeof store.queryEvents>[0]) => (await store.queryEvents(q)).map((e) => e.id);
  assert.deepEqual(await ids({ tenant: 'acme', where: { 'source.ip': '10.0.0.1' } }), ['e1', 'e2']);
  assert.deepEqual(await ids({ tenant: 'globex', where: { 'source.ip': '10.0.0.1' } }), ['g1']);
  assert.deepEqual(await ids({ tenant: 'acme', from: 1500, to: 3000 }), ['e2']);
  assert.deepEqual(await ids({ tenant: 'acme', where: { 'http.response.status_code': 200 } }), ['e1']);
  assert.deepEqual(await ids({ tenant: 'nobody' }), []);
  const [e1] = await store.queryEvents({ tenant: 'acme', where: { 'user.name': 'alice' } });
  assert.equal(e1?.raw, 'raw e1');
  assert.equal(e1?.fields['source.ip'], '10.0.0.1');
  await assert.rejects(store.queryEvents({ tenant: 'acme', where: { "x') OR 1=1 --": 'a' } }), /invalid field name/);
});

test('templates accumulate counts per tenant, and the miner snapshot round-trips', async (t) => {
  const store = openSqliteStore(tempDb(t));
  t.after(() => store.close());
  const tpl = { templateId: 'T1', template: 'job <*> done', count: 2, example: 'job 1 done', params: [], lastSeen: 10 };
  await store.writeBatch({ tenant: 'acme', events: [], unparsed: [], counters: {}, templates: [tpl], minerSnapshot: { v: 1 } });
  await store.writeBatch({ tenant: 'acme', events: [], unparsed: [], counters: {}, templates: [{ ...tpl, count: 3, example: 'job 2 done', lastSeen: 20 }] });
  const rows = await store.listTemplates('acme');
  assert.equal(rows.length, 1);
  assert.deepEqual([rows[0]?.count, rows[0]?.example, rows[0]?.firstSeen, rows[0]?.lastSeen], [5, 'job 1 done', 10, 20]);
  assert.deepEqual(await store.listTemplates('globex'), []);
  assert.deepEqual(await store.loadMinerSnapshot('acme'), { v: 1 });
  assert.equal(await store.loadMinerSnapshot('globex'), undefined);
});

test('a store reopened from its file keeps everything', async (t) => {
  const file = tempDb(t);
  const a = openSqliteStore(file);
  await a.writeBatch({ tenant: 'acme', events: [ev('acme', 'x', 5, {})], unparsed: [{ id: 'u', tenant: 'acme', source: 's', ingested: 1, raw: '\uFFFD', reason: 'line too long (9 bytes)', length: 9 }], counters: { lines: 2 } });
  await a.close();
  const b = openSqliteStore(file);
  t.after(() => b.close());
  assert.equal(await b.countEvents({ tenant: 'acme' }), 1);
  assert.deepEqual((await b.listUnparsed('acme')).map((u) => [u.reason, u.length]), [['line too long (9 bytes)', 9]]);
});
