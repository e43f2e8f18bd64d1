// `stegosoc ingest` runs the Sigma rules while ingesting (unless --no-detect), storing alerts
// in the store's own file where the server reads them. Real CLI, real SQLite file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { runCli } from './cli-helpers.ts';

const BRUTE_FORCE_ID = 'c077a3b3-9092-579a-95ca-66ced4711eba';

function alertRules(db: string, tenant: string): string[] {
  const d = new Database(db, { readonly: true });
  try {
    const exists = d.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'sigma_alerts'").pluck().get() as number;
    return exists ? (d.prepare('SELECT rule_id FROM sigma_alerts WHERE tenant = ? ORDER BY id').pluck().all(tenant) as string[]) : [];
  } finally {
    d.close();
  }
}

test('ingest raises alerts by default, not with --no-detect, and a second run adds none', { timeout: 60_000 }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'stegosoc-ingest-detect-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const log = join(dir, 'auth.log');
  const lines = Array.from({ length: 11 }, (_, i) => `Nov 28 09:00:${String(i * 2).padStart(2, '0')} bastion sshd[${300 + i}]: Failed password for admin from 192.0.2.99 port ${50000 + i} ssh2`);
  writeFileSync(log, lines.join('\n') + '\n');
  const db = join(dir, 'a.db');

  const quiet = await runCli(['ingest', log, '--db', db, '--data-dir', dir, '-t', 'acme', '--no-progress', '--no-detect']);
  assert.equal(quiet.code, 0, quiet.stderr);
  assert.doesNotMatch(quiet.stdout, /alerts:/);
  assert.deepEqual(alertRules(db, 'acme'), []);

  const db2 = join(dir, 'b.db');
  const first = await runCli(['ingest', log, '--db', db2, '--data-dir', dir, '-t', 'acme', '--no-progress']);
  assert.equal(first.code, 0, first.stderr);
  const stored = alertRules(db2, 'acme');
  assert.deepEqual(stored, [BRUTE_FORCE_ID], 'eleven failures from one address: one brute-force alert');
  assert.match(first.stdout, /\n {2}alerts: 1\n/);

  const again = await runCli(['ingest', log, '--db', db2, '--data-dir', dir, '-t', 'acme', '--no-progress']);
  assert.equal(again.code, 0, again.stderr);
  assert.deepEqual(alertRules(db2, 'acme'), stored);
  assert.deepEqual(alertRules(db2, 'globex'), []);
});
