import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { openSqliteStore } from '../../src/store/index.ts';
import { EVENTS_INDEXES, EVENTS_TABLE, INDEXED_COLUMNS, OTHER_TABLES, SCHEMA_VERSION, UNINDEXED_COLUMNS } from '../../src/store/sqlite/schema.ts';

function tempDb(t: { after: (fn: () => void) => void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'stegosoc-migrate-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return join(dir, 'old.db');
}

// The events table and indexes exactly as schema version 1 created them (json_extract
// expression indexes), to prove a file written by that build opens and answers the same.
const V1_EVENTS = `
CREATE TABLE events (id TEXT NOT NULL UNIQUE, tenant TEXT NOT NULL, time INTEGER NOT NULL, ingested INTEGER NOT NULL,
  source TEXT NOT NULL, parser TEXT NOT NULL, template_id TEXT, template_params TEXT, raw TEXT NOT NULL, fields TEXT NOT NULL);
CREATE INDEX events_tenant_time ON events(tenant, time);
CREATE INDEX events_tenant_parser ON events(tenant, parser);
CREATE INDEX "events_f_source_ip" ON events(tenant, json_extract(fields, '$."source.ip"'));
CREATE INDEX "events_f_user_name" ON events(tenant, json_extract(fields, '$."user.name"'));
CREATE TABLE counters (tenant TEXT NOT NULL, name TEXT NOT NULL, value INTEGER NOT NULL, PRIMARY KEY (tenant, name));
`;

function writeV1(file: string, userVersion: number): void {
  const db = new Database(file);
  db.exec(V1_EVENTS);
  const ins = db.prepare('INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
  ins.run('a1', 'acme', 1000, 1000, 's', 'sshd', null, null, 'login alice from 10.0.0.1', JSON.stringify({ 'source.ip': '10.0.0.1', 'user.name': 'alice', 'process.pid': 7 }));
  ins.run('a2', 'acme', 2000, 2000, 's', 'json', 'T1', JSON.stringify([{ name: 'n', type: 'number', value: '5' }]), 'flag', JSON.stringify({ 'source.ip': ['10.0.0.1', '10.0.0.2'], 'user.name': 5, 'event.action': true }));
  ins.run('g1', 'globex', 1500, 1500, 's', 'sshd', null, null, 'login alice from 10.0.0.1', JSON.stringify({ 'source.ip': '10.0.0.1', 'user.name': 'alice' }));
  db.prepare(`INSERT INTO counters VALUES ('acme', 'lines', 2)`).run();
  db.pragma(`user_version = ${userVersion}`);
  db.close();
}

for (const userVersion of [1, 0]) {
  test(`a version-1 store file (user_version ${userVersion}) is migrated in place and answers the same queries`, async (t) => {
    const file = tempDb(t);
    writeV1(file, userVersion);
    const store = openSqliteStore(file);
    t.after(() => store.close());
    const ids = async (q: Parameters<typeof store.queryEvents>[0]) => (await store.queryEvents(q)).map((e) => e.id);
    assert.deepEqual(await ids({ tenant: 'acme', where: { 'source.ip': '10.0.0.1' } }), ['a1']);
    assert.deepEqual(await ids({ tenant: 'globex', where: { 'user.name': 'alice' } }), ['g1']);
    // Types kept as json_extract gave them: the number 5 is not the string '5'; true is 1.
    assert.deepEqual(await ids({ tenant: 'acme', where: { 'user.name': 5 } }), ['a2']);
    assert.deepEqual(await ids({ tenant: 'acme', where: { 'user.name': '5' } }), []);
    assert.deepEqual(await ids({ tenant: 'acme', where: { 'event.action': true } }), ['a2']);
    assert.deepEqual(await ids({ tenant: 'acme', where: { 'process.pid': 7 } }), ['a1']);
    const [a2] = await store.queryEvents({ tenant: 'acme', where: { 'event.action': true } });
    assert.deepEqual(a2?.templateParams, [{ name: 'n', type: 'number', value: '5' }]);
    assert.deepEqual(a2?.fields['source.ip'], ['10.0.0.1', '10.0.0.2']);
    assert.deepEqual(await store.counters('acme'), { lines: 2 });
    // The tables version 1 lacked here are created; new writes land beside migrated rows.
    assert.equal((await store.writeBatch({ tenant: 'acme', events: [{ id: 'a3', tenant: 'acme', source: 's', time: 3000, ingested: 3000, raw: 'r', parser: 'sshd', fields: { 'source.ip': '10.0.0.1' } }], unparsed: [], counters: { lines: 1 } })).insertedEvents, 1);
    assert.deepEqual(await ids({ tenant: 'acme', where: { 'source.ip': '10.0.0.1' } }), ['a1', 'a3']);
    assert.equal(await store.countUnparsed('acme'), 0);
    await store.close();
    const db = new Database(file, { readonly: true });
    t.after(() => db.close());
    assert.equal(db.pragma('user_version', { simple: true }), SCHEMA_VERSION);
    const indexes = (db.prepare(`SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'events' AND sql IS NOT NULL`).all() as { sql: string }[]).map((r) => r.sql);
    assert.ok(indexes.length > 0);
    assert.ok(indexes.every((sql) => !sql.includes('json_extract')), 'no json_extract index left to evaluate per insert');
  });
}

test('a store file from a newer build is refused with a clear error and left untouched', (t) => {
  const file = tempDb(t);
  const db = new Database(file);
  db.exec('CREATE TABLE future (x)');
  db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
  db.close();
  assert.throws(() => openSqliteStore(file), /newer than this build/);
  const again = new Database(file, { readonly: true });
  t.after(() => again.close());
  assert.equal(again.pragma('user_version', { simple: true }), SCHEMA_VERSION + 1);
  assert.equal((again.prepare(`SELECT count(*) AS n FROM sqlite_master WHERE name = 'events'`).get() as { n: number }).n, 0);
});

test('a version-3 store file loses the event.action and process.name indexes and still answers filters on them', async (t) => {
  const file = tempDb(t);
  // A version-3 file as that build wrote it: every field column indexed.
  const db = new Database(file);
  db.exec(EVENTS_TABLE + EVENTS_INDEXES + OTHER_TABLES);
  for (const c of UNINDEXED_COLUMNS) db.exec(`CREATE INDEX events_${c} ON events(tenant, ${c}, time) WHERE ${c} IS NOT NULL`);
  const cols = [...INDEXED_COLUMNS.values()];
  const ins = db.prepare(`INSERT INTO events (id, tenant, time, ingested, source, parser, raw, fields, ${cols.join(', ')}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ${cols.map(() => '?').join(', ')})`);
  const row = (id: string, time: number, f: Record<string, string>) =>
    ins.run(id, 'acme', time, time, 's', 'p', `line ${id}`, JSON.stringify(f), ...[...INDEXED_COLUMNS.keys()].map((k) => f[k] ?? null));
  row('x1', 1000, { 'event.action': 'login', 'process.name': 'sshd', 'user.name': 'alice' });
  row('x2', 2000, { 'event.action': 'logout', 'process.name': 'sshd' });
  db.pragma('user_version = 3');
  db.close();

  const store = openSqliteStore(file);
  t.after(() => store.close());
  const ids = async (where: Record<string, string>) => (await store.queryEvents({ tenant: 'acme', where })).map((e) => e.id);
  assert.deepEqual(await ids({ 'event.action': 'logout' }), ['x2']);
  assert.deepEqual(await ids({ 'process.name': 'sshd' }), ['x1', 'x2']);
  assert.deepEqual(await ids({ 'user.name': 'alice' }), ['x1']);
  await store.close();
  const after = new Database(file, { readonly: true });
  t.after(() => after.close());
  assert.equal(after.pragma('user_version', { simple: true }), SCHEMA_VERSION);
  const names = (after.prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'events'`).all() as { name: string }[]).map((r) => r.name);
  for (const c of UNINDEXED_COLUMNS) assert.ok(!names.includes(`events_${c}`), `events_${c} dropped`);
  assert.ok(names.includes('events_f_user_name') && names.includes('events_tenant_time'), 'the indexes queries use stay');
});
