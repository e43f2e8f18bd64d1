// A kill -9 during `ingest --follow`, then a restart: every line written ends up stored
// exactly once. Real child processes, a real file being appended to, a real SQLite file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import Database from 'better-sqlite3';
import { PRODUCT_ROOT } from '../../src/core/layer-dirs.ts';

const CLI = join(PRODUCT_ROOT, 'bin', 'stegosoc.js');

function stored(db: string): { events: number; distinctRaw: number; unparsed: number } {
  try {
    const d = new Database(db, { readonly: true, fileMustExist: true });
    try {
      const e = d.prepare('SELECT count(*) AS n, count(DISTINCT raw) AS r FROM events').get() as { n: number; r: number };
      const u = d.prepare('SELECT count(*) AS n FROM unparsed').get() as { n: number };
      return { events: e.n, distinctRaw: e.r, unparsed: u.n };
    } finally {
      d.close();
    }
  } catch {
    return { events: 0, distinctRaw: 0, unparsed: 0 };
  }
}

function startIngest(args: string[]): ChildProcess {
  return spawn(process.execPath, [CLI, 'ingest', ...args, '--no-progress'], { stdio: ['ignore', 'ignore', 'pipe'] });
}

test('kill -9 during ingest --follow, then a restart: no line lost, none duplicated', { timeout: 120_000 }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'stegosoc-crash-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const log = join(dir, 'worker.log');
  const db = join(dir, 'store.db');
  const args = [log, '--follow', '--db', db, '--data-dir', dir, '--poll-ms', '20'];
  writeFileSync(log, '');
  let written = 0;
  const append = (n: number) => {
    const lines = [];
    for (let i = 0; i < n; i++, written++) lines.push(`[worker-${written % 4}] job ${written} finished in ${written % 97} ms status=ok`);
    appendFileSync(log, lines.join('\n') + '\n');
  };

  for (let round = 0; round < 2; round++) {
    const child = startIngest(args);
    const exited = once(child, 'exit');
    // Keep writing while it runs; kill it once it has stored part of what was written.
    const before = stored(db).events;
    const deadline = Date.now() + 30_000;
    while (stored(db).events < before + 500 && Date.now() < deadline) {
      append(100);
      await sleep(15);
    }
    append(100);
    child.kill('SIGKILL');
    const [code, signal] = await exited;
    assert.equal(signal, 'SIGKILL', `round ${round}: the child was killed (exit ${code})`);
    append(250); // written while nothing runs
    assert.ok(stored(db).events < written, 'the kill happened before everything was stored');
  }

  // A final run without --follow reads to the end and exits.
  const last = startIngest([log, '--db', db, '--data-dir', dir]);
  let stderr = '';
  last.stderr?.on('data', (b: Buffer) => (stderr += b.toString()));
  const [code] = await once(last, 'exit');
  assert.equal(code, 0, stderr);

  const s = stored(db);
  assert.equal(s.unparsed, 0);
  assert.equal(s.events, written, 'every line written is stored');
  assert.equal(s.distinctRaw, written, 'no line is stored twice');
});
