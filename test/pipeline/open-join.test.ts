// Reads cut by the buffer size must not split a multi-line event: auditd records of one
// serial end up in one event whatever the read size, and the checkpoint never passes them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileSource } from '../../src/ingest/file-source.ts';
import { openSqliteStore } from '../../src/store/index.ts';
import { runIngest } from '../../src/pipeline/run-ingest.ts';
import { tenantParts } from '../../src/pipeline/parse-parts.ts';
import { accountedLines, LINES } from '../../src/pipeline/counters.ts';

function auditLog(events: number): string {
  const out: string[] = [];
  for (let s = 1; s <= events; s++) {
    const stamp = `${1764237600 + s}.${String(s % 1000).padStart(3, '0')}:${1000 + s}`;
    out.push(`type=SYSCALL msg=audit(${stamp}): arch=c000003e syscall=59 success=yes exit=0 ppid=1 pid=${4000 + s} auid=1000 uid=0 comm="id" exe="/usr/bin/id" key="exec"`);
    out.push(`type=EXECVE msg=audit(${stamp}): argc=2 a0="id" a1="-u${s}"`);
    out.push(`type=CWD msg=audit(${stamp}): cwd="/home/u${s}"`);
  }
  return out.join('\n') + '\n';
}

for (const chunk of [97, 256, 1 << 20]) {
  test(`auditd events stay whole when the file is read ${chunk} bytes at a time`, async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'stegosoc-join-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, 'audit.log');
    writeFileSync(file, auditLog(40));
    const store = openSqliteStore(join(dir, 's.db'));
    t.after(() => store.close());
    const source = fileSource({ patterns: [file], tenant: 'acme', follow: false, readChunkBytes: chunk, loadCheckpoint: (tn, k) => store.getCheckpoint(tn, k) });
    const totals = await runIngest({ store, sources: [source], parts: tenantParts({ dataDir: dir, store }), signal: new AbortController().signal });
    assert.equal(totals[LINES], 120);
    assert.equal(accountedLines(totals), 120);
    const events = await store.queryEvents({ tenant: 'acme' });
    assert.equal(events.length, 40, 'one event per serial');
    for (const e of events) assert.equal(e.raw.split('\n').length, 3, `event ${e.id} has its three records`);
    const [cp] = await store.listCheckpoints('acme');
    assert.equal(cp?.offset, Buffer.byteLength(auditLog(40)), 'the checkpoint ends at the end of the file');
  });
}
