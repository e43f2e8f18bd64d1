import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import type { Event } from '../../src/core/event.ts';
import { openSqliteStore, type EventQuery } from '../../src/store/index.ts';
import { eventWhere } from '../../src/store/sqlite/event-where.ts';

function tempDb(t: { after: (fn: () => void) => void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'stegosoc-idx-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return join(dir, 'x.db');
}

const ev = (id: string, time: number, fields: Event['fields']): Event => ({ id, tenant: 'acme', source: 't', time, ingested: time, raw: `line ${id}`, parser: 'p', fields });

test('indexed fields answer by type, null and arrays the way the JSON does, in time order', async (t) => {
  const store = openSqliteStore(tempDb(t));
  t.after(() => store.close());
  await store.writeBatch({ tenant: 'acme', unparsed: [], counters: {}, events: [
    ev('n', 3000, { 'host.name': 'web-1', 'user.name': null }),
    ev('s', 1000, { 'host.name': 'web-1', 'process.name': '42' }),
    ev('i', 2000, { 'host.name': 'web-2', 'process.name': 42 }),
    ev('b', 4000, { 'event.action': false }),
  ] });
  const ids = async (q: Omit<EventQuery, 'tenant'>) => (await store.queryEvents({ tenant: 'acme', ...q })).map((e) => e.id);
  assert.deepEqual(await ids({ where: { 'host.name': 'web-1' } }), ['s', 'n']);
  assert.deepEqual(await ids({ where: { 'process.name': 42 } }), ['i']);
  assert.deepEqual(await ids({ where: { 'process.name': '42' } }), ['s']);
  assert.deepEqual(await ids({ where: { 'event.action': false } }), ['b']);
  // null means "present and null", not "absent".
  assert.deepEqual(await ids({ where: { 'user.name': null } }), ['n']);
  assert.deepEqual(await ids({ where: { 'host.name': 'web-1' }, from: 2000 }), ['n']);
  assert.equal(await store.countEvents({ tenant: 'acme', where: { 'host.name': 'web-1' } }), 2);
  assert.equal(await store.countEvents({ tenant: 'globex', where: { 'host.name': 'web-1' } }), 0);
});

test('a field equality on an indexed field is served by its (tenant, field, time) index', async (t) => {
  const file = tempDb(t);
  const store = openSqliteStore(file);
  await store.writeBatch({ tenant: 'acme', unparsed: [], counters: {}, events: [ev('a', 1, { 'source.ip': '10.0.0.1' })] });
  await store.close();
  const db = new Database(file, { readonly: true });
  t.after(() => db.close());
  const plan = (q: EventQuery) => {
    const { sql, params } = eventWhere(q);
    return (db.prepare(`EXPLAIN QUERY PLAN SELECT * FROM events WHERE ${sql} ORDER BY time, rowid LIMIT 100`).all(...params) as { detail: string }[])
      .map((r) => r.detail).join('\n');
  };
  const byIp = plan({ tenant: 'acme', where: { 'source.ip': '10.0.0.1' }, from: 0, to: 10 });
  assert.match(byIp, /USING INDEX events_f_source_ip/);
  assert.doesNotMatch(byIp, /TEMP B-TREE/, 'matches come in time order, no sort');
  assert.match(plan({ tenant: 'acme', from: 0, to: 10 }), /USING INDEX events_tenant_time/);
});
