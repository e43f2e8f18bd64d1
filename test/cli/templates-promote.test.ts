// Mined template → `templates promote` → the tenant's next lines of that shape are parsed by
// the new named parser; another tenant is not affected. Real CLI, real store, real files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore } from '../../src/store/index.ts';
import { runCli } from './cli-helpers.ts';

const workerLines = (from: number, n: number) =>
  Array.from({ length: n }, (_, i) => `[worker-${(from + i) % 4}] job ${1000 + from + i} finished in ${(from + i) % 90} ms status=ok`).join('\n') + '\n';

test('a promoted template becomes the named parser of its tenant only', { timeout: 120_000 }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'stegosoc-promote-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const common = ['--data-dir', dir];
  writeFileSync(join(dir, 'first.log'), workerLines(0, 30));
  const first = await runCli(['ingest', join(dir, 'first.log'), '--tenant', 'acme', '--no-progress', ...common]);
  assert.equal(first.code, 0, first.stderr);

  const listed = await runCli(['templates', 'list', '--tenant', 'acme', '--json', ...common]);
  assert.equal(listed.code, 0, listed.stderr);
  const templates = JSON.parse(listed.stdout) as { templateId: string; template: string; count: number }[];
  const done = templates.find((x) => x.template.includes('finished in'));
  assert.ok(done, `a template for the worker lines, got ${listed.stdout}`);
  assert.equal(done.count, 30);

  const promoted = await runCli(['templates', 'promote', done.templateId, '--name', 'worker-job-done', '--tenant', 'acme', ...common]);
  assert.equal(promoted.code, 0, promoted.stderr);
  assert.ok(existsSync(join(dir, 'tenants', 'acme', 'parsers', 'worker-job-done.yaml')));
  const again = await runCli(['templates', 'promote', done.templateId, '--name', 'worker-job-done', '--tenant', 'acme', ...common]);
  assert.notEqual(again.code, 0, 'promoting over an existing parser needs --force');
  assert.match(again.stderr, /exists/);

  writeFileSync(join(dir, 'second.log'), workerLines(100, 10));
  for (const tenant of ['acme', 'globex']) {
    const r = await runCli(['ingest', join(dir, 'second.log'), '--tenant', tenant, '--no-progress', ...common]);
    assert.equal(r.code, 0, r.stderr);
  }
  const store = openSqliteStore(join(dir, 'stegosoc.db'));
  t.after(() => store.close());
  const acme = (await store.queryEvents({ tenant: 'acme' })).find((e) => e.raw.includes('job 1105 '));
  assert.equal(acme?.parser, 'worker-job-done');
  // The promoted parser fills the same field the miner put the job number in.
  const minedField = Object.entries((await store.queryEvents({ tenant: 'globex' })).find((e) => e.raw.includes('job 1105 '))?.fields ?? {})
    .find(([, v]) => v === '1105')?.[0];
  assert.ok(minedField);
  assert.equal(acme?.fields[minedField], '1105');
  assert.equal(await store.countEvents({ tenant: 'acme', parser: 'worker-job-done' }), 10);
  assert.equal(await store.countEvents({ tenant: 'globex', parser: 'worker-job-done' }), 0);
  assert.equal(await store.countEvents({ tenant: 'globex', parser: 'template' }), 10);
  const unknown = await runCli(['templates', 'promote', 'nope', '--name', 'x', '--tenant', 'acme', ...common]);
  assert.notEqual(unknown.code, 0);
  assert.match(unknown.stderr, /no template nope/);
});
