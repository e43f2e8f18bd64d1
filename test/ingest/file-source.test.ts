import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, openSync, renameSync, rmSync, truncateSync, writeFileSync, writeSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileSource } from '../../src/ingest/file-source.ts';
import { openSqliteStore, type Store } from '../../src/store/index.ts';

function tempDir(t: { after: (fn: () => void) => void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'stegosoc-files-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Runs a source like the pipeline does: each batch's checkpoint is saved after its lines. */
function consume(store: Store, patterns: string[], follow: boolean) {
  const lines: string[] = [];
  const ac = new AbortController();
  const source = fileSource({ patterns, tenant: 't1', follow, pollMs: 20, loadCheckpoint: (tn, k) => store.getCheckpoint(tn, k) });
  const done = (async () => {
    for await (const b of source(ac.signal)) {
      lines.push(...b.lines.map((l) => l.text));
      await store.writeBatch({ tenant: b.tenant, events: [], unparsed: [], counters: {}, ...(b.checkpoint ? { checkpoint: b.checkpoint } : {}) });
    }
  })();
  return { lines, stop: async () => { ac.abort(); await done; }, done };
}

async function until(cond: () => boolean, what: string, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

const numbered = (from: number, to: number, tag = 'line') => Array.from({ length: to - from }, (_, i) => `${tag} ${from + i}`);

test('a second run over the same file reads only what was appended since', async (t) => {
  const dir = tempDir(t);
  const store = openSqliteStore(join(dir, 's.db'));
  t.after(() => store.close());
  const file = join(dir, 'a.log');
  writeFileSync(file, numbered(0, 5).join('\n') + '\n');
  const first = consume(store, [file], false);
  await first.done;
  appendFileSync(file, numbered(5, 8).join('\n') + '\n');
  const second = consume(store, [join(dir, '*.log')], false);
  await second.done;
  assert.deepEqual(first.lines, numbered(0, 5));
  assert.deepEqual(second.lines, numbered(5, 8));
});

test('follow mode reads through a rotation (rename + create) without losing or repeating lines', async (t) => {
  const dir = tempDir(t);
  const store = openSqliteStore(join(dir, 's.db'));
  t.after(() => store.close());
  const file = join(dir, 'app.log');
  const fd = openSync(file, 'a');
  writeSync(fd, numbered(0, 10).join('\n') + '\n');
  const run = consume(store, [join(dir, 'app.log')], true);
  await until(() => run.lines.length === 10, 'first lines');
  renameSync(file, `${file}.1`);
  // The writer still holds the old file open for a moment after the rename.
  writeSync(fd, numbered(10, 13).join('\n') + '\n');
  closeSync(fd);
  writeFileSync(file, numbered(13, 20).join('\n') + '\n');
  await until(() => run.lines.length >= 20, 'lines after rotation');
  await sleep(150);
  await run.stop();
  assert.deepEqual([...run.lines].sort(), numbered(0, 20).sort());
});

test('follow mode restarts a truncated file from the start', async (t) => {
  const dir = tempDir(t);
  const store = openSqliteStore(join(dir, 's.db'));
  t.after(() => store.close());
  const file = join(dir, 'app.log');
  writeFileSync(file, numbered(0, 6, 'old').join('\n') + '\n');
  const run = consume(store, [file], true);
  await until(() => run.lines.length === 6, 'first lines');
  truncateSync(file, 0);
  await sleep(60);
  appendFileSync(file, numbered(0, 2, 'new').join('\n') + '\n');
  await until(() => run.lines.length === 8, 'lines after truncation');
  await run.stop();
  assert.deepEqual(run.lines, [...numbered(0, 6, 'old'), ...numbered(0, 2, 'new')]);
});

test('copytruncate followed by more bytes than were read is still seen as a truncation', async (t) => {
  const dir = tempDir(t);
  const store = openSqliteStore(join(dir, 's.db'));
  t.after(() => store.close());
  const file = join(dir, 'app.log');
  writeFileSync(file, 'short\n');
  const run = consume(store, [file], true);
  await until(() => run.lines.length === 1, 'first line');
  // Truncate and refill in one go, faster than a poll: the size never looks smaller.
  writeFileSync(file, numbered(0, 20, 'fresh').join('\n') + '\n');
  await until(() => run.lines.length === 21, 'refilled lines');
  await run.stop();
  assert.deepEqual(run.lines, ['short', ...numbered(0, 20, 'fresh')]);
});

test('a partial last line is held in follow mode until its newline arrives', async (t) => {
  const dir = tempDir(t);
  const store = openSqliteStore(join(dir, 's.db'));
  t.after(() => store.close());
  const file = join(dir, 'app.log');
  writeFileSync(file, 'complete\nhalf');
  const run = consume(store, [file], true);
  await until(() => run.lines.length === 1, 'complete line');
  await sleep(80);
  assert.deepEqual(run.lines, ['complete']);
  appendFileSync(file, ' and the rest\n');
  await until(() => run.lines.length === 2, 'finished line');
  await run.stop();
  assert.deepEqual(run.lines, ['complete', 'half and the rest']);
});

test('a file replaced by another with the same inode number but new content starts over', async (t) => {
  const dir = tempDir(t);
  const store = openSqliteStore(join(dir, 's.db'));
  t.after(() => store.close());
  const file = join(dir, 'a.log');
  writeFileSync(file, numbered(0, 4, 'first').join('\n') + '\n');
  await consume(store, [file], false).done;
  // Rewriting in place keeps the inode: the fingerprint is what tells the files apart.
  writeFileSync(file, numbered(0, 9, 'second').join('\n') + '\n');
  const again = consume(store, [file], false);
  await again.done;
  assert.deepEqual(again.lines, numbered(0, 9, 'second'));
});

test('a file rotated while nothing was reading it is finished on restart, then the new file is read', async (t) => {
  const dir = tempDir(t);
  const store = openSqliteStore(join(dir, 's.db'));
  t.after(() => store.close());
  const file = join(dir, 'app.log');
  writeFileSync(file, numbered(0, 5).join('\n') + '\n');
  const first = consume(store, [file], false);
  await first.done;
  // Down time: more lines, then logrotate renames the file and a new one starts.
  appendFileSync(file, numbered(5, 9).join('\n') + '\n');
  renameSync(file, `${file}.1`);
  writeFileSync(file, numbered(9, 12).join('\n') + '\n');
  const lines: string[] = [];
  const source = fileSource({
    patterns: [file], tenant: 't1', follow: false, pollMs: 20,
    loadCheckpoint: (tn, k) => store.getCheckpoint(tn, k), listCheckpoints: (tn) => store.listCheckpoints(tn),
  });
  for await (const b of source(new AbortController().signal)) lines.push(...b.lines.map((l) => l.text));
  assert.deepEqual(first.lines, numbered(0, 5));
  assert.deepEqual([...lines].sort(), numbered(5, 12).sort());
});
