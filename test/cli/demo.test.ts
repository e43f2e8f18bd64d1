import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PRODUCT_ROOT } from '../../src/core/layer-dirs.ts';
import { runCli } from './cli-helpers.ts';

test('demo ingests every bundled demo line and accounts for each one', { timeout: 60_000 }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'stegosoc-demo-test-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const logs = join(PRODUCT_ROOT, 'demo', 'logs');
  const lines = readdirSync(logs).reduce((n, f) => n + readFileSync(join(logs, f), 'utf8').split('\n').length - 1, 0);
  const r = await runCli(['demo', '--data-dir', dir]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, new RegExp(`Accounting: ${lines} lines = ${lines} accounted for`));
  for (const parser of ['sshd', 'sudo', 'access_log', 'auditd', 'json', 'cloudtrail']) assert.match(r.stdout, new RegExp(`\\n  ${parser} +\\d+ lines`));
  assert.match(r.stdout, /Templates learned \([1-9]\d*;/);
  assert.match(r.stdout, /job <\*>/, 'the worker log no parser knows is mined');
  assert.match(r.stdout, /line too long \(\d+ bytes\)/);
  assert.match(r.stdout, /Events with source\.ip = 203\.0\.113\.66 \(the demo's attacker\): [1-9]/);
  // The attack in the demo logs (demo/generate-logs.ts), caught by the global rules while ingesting.
  const l1 = r.stdout.slice(r.stdout.indexOf('L1 alerts'));
  assert.match(l1, /^L1 alerts \(Sigma rules, raised while ingesting\): [1-9]\d* from [1-9]\d* rules/);
  for (const title of ['SSH Password Spraying', 'SSH Brute Force From One Source', 'Interactive Root Shell Via Sudo', 'AWS CloudTrail Logging Disabled']) {
    assert.match(l1, new RegExp(`\\d+x  \\w+ +${title}`), title);
  }
  assert.match(l1, /[1-9]\d* of them name the attacker 203\.0\.113\.66/);
});
