import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore } from '../../src/store/index.ts';
import { ingest } from '../../src/pipeline/ingest-setup.ts';

const lines = (from: number, n: number) =>
  Array.from({ length: n }, (_, i) => `[worker-${i % 3}] job ${from + i} finished in ${i} ms status=ok`).join('\n') + '\n';

test('the miner is saved on shutdown and restored on the next run: same shape, same template id', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'stegosoc-run-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'a.log'), lines(0, 20));
  writeFileSync(join(dir, 'b.log'), lines(500, 20));
  const db = join(dir, 's.db');
  const run = async (file: string, tenant: string) => {
    const store = openSqliteStore(db);
    try {
      await ingest({ paths: [join(dir, file)], tenant, follow: false, dataDir: dir, store, signal: new AbortController().signal });
      return (await store.queryEvents({ tenant })).map((e) => e.templateId);
    } finally {
      await store.close();
    }
  };
  const first = await run('a.log', 'acme');
  const store = openSqliteStore(db);
  const snapshot = await store.loadMinerSnapshot('acme');
  await store.close();
  assert.ok(snapshot, 'a snapshot was saved at shutdown');
  const second = await run('b.log', 'acme');
  assert.equal(new Set(first).size, 1);
  assert.deepEqual(new Set(second.slice(20)), new Set(first), 'the restored miner recognises the template');
  // Another tenant's store rows and miner are its own.
  const other = await run('a.log', 'globex');
  assert.equal(other.length, 20);
  const s2 = openSqliteStore(db);
  t.after(() => s2.close());
  assert.equal(await s2.countEvents({ tenant: 'acme' }), 40);
  assert.equal((await s2.listTemplates('globex'))[0]?.count, 20);
  assert.equal((await s2.listTemplates('acme'))[0]?.count, 40);
});

test('a missing file is a clear error and nothing is written', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'stegosoc-run-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const store = openSqliteStore(join(dir, 's.db'));
  t.after(() => store.close());
  const missing = join(dir, 'nope.log');
  await assert.rejects(
    ingest({ paths: [missing], tenant: 'acme', follow: false, dataDir: dir, store, signal: new AbortController().signal }),
    new RegExp(`no such file: ${missing}`),
  );
  assert.deepEqual(await store.counters('acme'), {});
});
