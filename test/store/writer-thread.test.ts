// The store with its writer thread (what the server uses): the same promises as the
// in-thread writer — a batch and its checkpoint commit together, a replay inserts and counts
// nothing, a bad batch leaves nothing behind — plus what the thread adds: writes commit in
// the order sent, many in flight at once, reads see each as soon as it resolves, and close()
// lets every write already sent commit first. Real SQLite file, real worker thread.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Event } from '../../src/core/event.ts';
import { openSqliteStore } from '../../src/store/index.ts';
import type { BatchWrite } from '../../src/store/index.ts';

function tempDb(t: { after: (fn: () => void) => void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'stegosoc-writer-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return join(dir, 'x.db');
}

const ev = (tenant: string, id: string, time: number, fields: Event['fields'] = {}): Event => ({
  id, tenant, source: 'test', time, ingested: time, raw: `raw ${id}`, parser: 'demo', fields,
});

/** n events (more than one multi-row INSERT chunk, and a remainder) ending at offset. */
const batch = (tenant: string, prefix: string, n: number, offset: number): BatchWrite => ({
  tenant,
  events: Array.from({ length: n }, (_, i) => ev(tenant, `${prefix}${i}`, 1000 + i, { 'user.name': `u${i % 7}`, 'source.ip': `10.0.0.${i % 250}` })),
  unparsed: [], counters: { lines: n }, checkpoint: { key: 'file:1:2', offset, state: { path: '/x' } },
});

test('writer thread: batch and checkpoint commit together, a replay inserts and counts nothing', async (t) => {
  const store = openSqliteStore(tempDb(t), { writerThread: true });
  t.after(() => store.close());
  const b = batch('acme', 'a', 150, 4242);
  assert.equal((await store.writeBatch(b)).insertedEvents, 150);
  assert.equal((await store.writeBatch(b)).insertedEvents, 0);
  assert.equal(await store.countEvents({ tenant: 'acme' }), 150);
  assert.deepEqual(await store.counters('acme'), { lines: 150 });
  assert.equal((await store.getCheckpoint('acme', 'file:1:2'))?.offset, 4242);
  const u3 = Array.from({ length: 150 }, (_, i) => i).filter((i) => i % 7 === 3).length;
  assert.equal((await store.queryEvents({ tenant: 'acme', where: { 'user.name': 'u3' } })).length, u3);
});

test('writer thread: a bad batch is refused whole, the writes after it still commit', async (t) => {
  const store = openSqliteStore(tempDb(t), { writerThread: true });
  t.after(() => store.close());
  const bad = batch('acme', 'b', 10, 99);
  (bad.events as Event[]).push(ev('other', 'intruder', 5));
  await assert.rejects(store.writeBatch(bad), /tenant other/);
  assert.equal(await store.countEvents({ tenant: 'acme' }), 0);
  assert.equal(await store.getCheckpoint('acme', 'file:1:2'), undefined);
  assert.equal((await store.writeBatch(batch('acme', 'c', 3, 7))).insertedEvents, 3);
});

test('writer thread: writes in flight commit in the order sent, and close() waits for them', async (t) => {
  const file = tempDb(t);
  const store = openSqliteStore(file, { writerThread: true });
  // Twenty batches sent without waiting; each carries the checkpoint just past itself.
  const writes = Array.from({ length: 20 }, (_, i) => store.writeBatch(batch('acme', `o${i}-`, 100, (i + 1) * 100)));
  const first = await writes[0];
  assert.equal(first?.insertedEvents, 100);
  await store.close();
  assert.deepEqual((await Promise.all(writes)).map((r) => r.insertedEvents), Array(20).fill(100));
  const again = openSqliteStore(file);
  t.after(() => again.close());
  assert.equal(await again.countEvents({ tenant: 'acme' }), 2000);
  assert.equal((await again.getCheckpoint('acme', 'file:1:2'))?.offset, 2000, 'the last batch sent was the last committed');
});
