import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './cli-helpers.ts';

test('parse --output jsonl prints one JSON object per non-empty line, in order, and stores nothing', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'stegosoc-parse-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'mixed.log');
  const lines = [
    'Nov 27 10:00:00 web-1 sshd[42]: Accepted password for alice from 10.0.0.8 port 5022 ssh2',
    '{"ts":"2026-11-27T10:00:01Z","level":"info","msg":"hello","user":"bob"}',
    '',
    '[worker-3] job 1234 finished in 35 ms status=ok',
    'x'.repeat(300),
  ];
  writeFileSync(file, lines.join('\n') + '\n');
  const r = await runCli(['parse', file, '--output', 'jsonl', '--max-line-bytes', '200', '--data-dir', dir]);
  assert.equal(r.code, 0, r.stderr);
  const out = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { parser: string; raw: string; reason?: string; fields?: Record<string, unknown> });
  assert.deepEqual(out.map((o) => o.parser), ['sshd', 'json', 'template', 'unparsed']);
  assert.equal(out[0]?.fields?.['user.name'], 'alice');
  assert.equal(out[3]?.reason, 'line too long (300 bytes)');
  assert.match(r.stderr, /parsed 5 lines \(5 accounted for, 1 empty\)/);
  assert.ok(!existsSync(join(dir, 'stegosoc.db')), 'parse does not create a store');
});

test('parse rejects an unknown output format with a clear error', async () => {
  const r = await runCli(['parse', '-', '--output', 'xml']);
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, /unknown output format "xml"/);
});

test('ingest - reads stdin into the store', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'stegosoc-stdin-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const input = Array.from({ length: 50 }, (_, i) => `[worker-${i % 3}] job ${i} finished in ${i} ms status=ok`).join('\n') + '\n\n';
  const r = await runCli(['ingest', '-', '--tenant', 'acme', '--data-dir', dir, '--no-progress'], input);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /ingested 51 lines for tenant acme \(51 accounted for\)/);
  assert.match(r.stdout, /mined: 50/);
});
