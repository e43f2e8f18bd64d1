// `stegosoc detect --follow`, the real CLI as a child process: lines appended to the input raise
// alerts with their line numbers, a rule file edited meanwhile is reloaded without a restart,
// a broken edit is reported with file:line and the previous rules keep working.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PRODUCT_ROOT } from '../../../src/core/layer-dirs.ts';

const rule = (id: string, title: string, user: string) =>
  `title: ${title}\nid: ${id}\nstatus: test\nauthor: StegoSOC tests\nlevel: high\nlogsource:\n  product: test\ndetection:\n  selection:\n    user.name: ${user}\n  condition: selection\n`;
const ALICE = '6f0c1a52-5a7d-4c1e-9a57-0d6f1c2b3a01';
const BOB = '6f0c1a52-5a7d-4c1e-9a57-0d6f1c2b3a02';
const line = (user: string) => `${JSON.stringify({ '@timestamp': '2026-11-28T10:00:00Z', user: { name: user } })}\n`;

test('detect --follow: appended lines raise alerts; rule edits reload; a bad edit keeps the rules', { timeout: 120_000 }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'stegosoc-follow-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const rules = join(dir, 'rules');
  mkdirSync(rules);
  writeFileSync(join(rules, 'r.yml'), rule(ALICE, 'Alice', 'alice'));
  const input = join(dir, 'events.jsonl');
  writeFileSync(input, line('alice') + line('carol'));
  const child = spawn(process.execPath, [join(PRODUCT_ROOT, 'bin', 'stegosoc.js'), 'detect', '--rules', rules, '--input', input, '--follow', '--poll-ms', '50'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  t.after(() => child.kill('SIGKILL'));
  const alerts = () => stdout.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as { rule: { id: string }; input: { line: number } });
  const until = async (what: string, check: () => boolean) => {
    const end = Date.now() + 60_000;
    while (!check()) {
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}\nstdout: ${stdout}\nstderr: ${stderr}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };

  await until('the alert of the existing file', () => alerts().length === 1);
  assert.deepEqual(alerts().map((a) => [a.rule.id, a.input.line]), [[ALICE, 1]]);

  appendFileSync(input, line('bob') + line('alice'));
  await until('the appended alert', () => alerts().length === 2);
  assert.deepEqual(alerts()[1] && [alerts()[1]?.rule.id, alerts()[1]?.input.line], [ALICE, 4]);

  writeFileSync(join(rules, 'r.yml'), rule(BOB, 'Bob', 'bob'));
  await until('the reload', () => stderr.includes('rules reloaded'));
  appendFileSync(input, line('bob'));
  await until('the new rule', () => alerts().length === 3);
  assert.deepEqual([alerts()[2]?.rule.id, alerts()[2]?.input.line], [BOB, 5]);

  writeFileSync(join(rules, 'r.yml'), rule(BOB, 'Bob', 'bob').replace('condition: selection', 'condition: selection and nope'));
  await until('the rejection', () => stderr.includes('rule edit rejected'));
  assert.match(stderr, /r\.yml:11: /);
  appendFileSync(input, line('bob'));
  await until('the kept rule', () => alerts().length === 4);

  child.kill('SIGTERM');
  assert.equal(await exited, 0, stderr);
});
