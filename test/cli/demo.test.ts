// The main job end to end, as `npm start` runs it: `demo --no-serve` on a fresh data dir (every
// line accounted for, every step of the attack alerted, the hourly reports stored, the attacker
// placed on the web server and the database), and `demo --port 0` serving the console with the
// printed token.
import { test } from 'node:test';
import { ensureDemoLogs } from '../../src/demo/ensure.ts';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteAlertSink } from '../../src/detect/sigma/alert-store-sqlite.ts';
import { openSqliteAnomalyState } from '../../src/detect/anomaly/state/sqlite-state.ts';
import { ATTACK_STEPS } from '../../src/demo/attack.ts';
import { BENIGN_ALERTS } from '../../src/demo/benign.ts';
import { DAY_START, HOUR } from '../../src/demo/estate.ts';
import { CLI, runCli } from './cli-helpers.ts';

function countLines(dir: string): number {
  let n = 0;
  for (const e of readdirSync(dir)) {
    const p = join(dir, e);
    n += statSync(p).isDirectory() ? countLines(p) : readFileSync(p, 'utf8').split('\n').length - 1;
  }
  return n;
}

test('demo --no-serve: every line accounted for, every attack step alerted, reports stored, attacker on web-1 and db-1', { timeout: 280_000 }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'stegosoc-demo-test-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const lines = countLines(await ensureDemoLogs());
  const r = await runCli(['demo', '--data-dir', dir, '--no-serve']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, new RegExp(`Accounting: ${lines} lines = ${lines} accounted for`));
  for (const parser of ['sshd', 'sudo', 'pam', 'su', 'systemd', 'iptables', 'postfix', 'named', 'auditd', 'access_log', 'nginx_error', 'apache_error', 'json', 'cef', 'leef', 'kv', 'cloudtrail', 'winlog']) {
    assert.match(r.stdout, new RegExp(`\\n  ${parser} +\\d+ lines`), parser);
  }
  assert.match(r.stdout, /Templates learned \([1-9]\d*;/);
  assert.match(r.stdout, /runner-<\*> \| job#<\*>/, 'the CI runner log no parser knows is mined');
  assert.match(r.stdout, /line too long \(\d+ bytes\)/);
  assert.match(r.stderr, /\[1\/4\] ingest/, 'progress on stderr');
  assert.match(r.stdout, /Demo processed in \d+\.\d s/);
  assert.ok(existsSync(join(dir, 'tenants', 'demo', 'inventory', 'estate.yaml')), 'inventory copied into the tenant');

  // Every step of the attack raised each of its alerts, at the step's time.
  const sink = new SqliteAlertSink(join(dir, 'stegosoc.db'));
  const alerts = sink.list({ tenant: 'demo' });
  sink.close();
  for (const step of ATTACK_STEPS) {
    for (const title of step.rules) {
      const hit = alerts.find((a) => a.rule.title === title && a.time >= step.at && a.time < step.at + HOUR);
      assert.ok(hit, `step ${step.id}: no "${title}" alert within the hour after ${new Date(step.at).toISOString()}`);
    }
  }
  // Before the attack, the ordinary day raises only its two documented look-alikes.
  const before = alerts.filter((a) => a.time < (ATTACK_STEPS[0]?.at ?? 0));
  assert.deepEqual([...new Set(before.map((a) => a.rule.title))].sort(), [...new Set(BENIGN_ALERTS.map((b) => b.rule))].sort());
  for (const b of BENIGN_ALERTS) assert.ok(before.some((a) => a.rule.title === b.rule && Math.abs(a.time - b.at) < 60_000), b.why);

  // The L2 hourly reports of every hour are stored; an attack hour names the attacker's address or a target.
  const state = openSqliteAnomalyState(join(dir, 'anomaly.db'));
  try {
    const hours = await state.listReports('demo', 100);
    assert.equal(hours.length, 24);
    assert.equal(Math.min(...hours), DAY_START);
    const attackHours = [13, 14, 15].map((h) => DAY_START + h * HOUR);
    const reports = await Promise.all(attackHours.map((h) => state.loadReport('demo', h)));
    assert.ok(reports.every((x) => x && !x.warmingUp && x.l1.total > 0), 'attack hours are judged and carry their L1 summary');
    // Each step's alerts are in the L1 summary of the report of its hour (or the next).
    for (const step of ATTACK_STEPS) {
      const hour = Math.floor(step.at / HOUR) * HOUR;
      const near = [await state.loadReport('demo', hour), await state.loadReport('demo', hour + HOUR)];
      for (const title of step.rules) assert.ok(near.some((x) => x?.l1.rules.some((r) => r.rule === title)), `step ${step.id}: ${title} in the hourly report`);
    }
    // And the anomaly side names the attack among the top entities of the attack hours.
    const attackEntities = new Set(['bastion', 'web-1', 'db-1', '203.0.113.66', 'deploy', 'www-data', 'backup-svc', 'data-export-role', 'sh']);
    const named = reports.flatMap((x) => x?.topEntities ?? []).filter((e) => attackEntities.has(e.entity.value) || e.findings.some((f) => f.reason.includes('203.0.113.66')));
    assert.ok(named.length >= 2, `attack entities among the top anomalies: ${named.map((e) => e.entity.value).join(', ')}`);
  } finally {
    await state.close();
  }

  // The attack graph places the attacker on the web server and the database.
  const graph = r.stdout.slice(r.stdout.indexOf('Attack graph:'));
  assert.match(graph, /crown jewels: accessFile\('db-1',read,'\/var\/lib\/postgresql\/15\/main'\), cloudAccess\('s3:arn:aws:s3:::acme-customer-data\/\*',read\)/);
  assert.match(graph, /\n {2}execCode\('web-1','www-data'\) +\d+ alert/);
  assert.match(graph, /\n {2}execCode\('web-1',root\) +\d+ alert/);
  assert.match(graph, /\n {2}execCode\('db-1',deploy\) +\d+ alert/);
  assert.match(graph, /\n {2}principalCompromised\('data-export-role'\) +\d+ alert/);
  assert.doesNotMatch(graph, /execCode\(bastion,/, 'a failed password spray is no foothold');
});

test('demo --port 0 serves the console: the printed token is an admin of tenant "demo"', { timeout: 280_000 }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'stegosoc-demo-serve-'));
  const child = spawn(process.execPath, [CLI, 'demo', '--data-dir', dir, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  t.after(() => {
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
  const consoleLine = await new Promise<RegExpExecArray>((resolve, reject) => {
    child.stdout.on('data', (b: Buffer) => {
      stdout += b.toString();
      const m = /^Console: (http:\/\/127\.0\.0\.1:\d+\/) {2}token: (\S+)$/m.exec(stdout);
      if (m) resolve(m);
    });
    child.on('exit', (code) => reject(new Error(`demo exited with ${code} before the Console line:\n${stderr}`)));
  });
  const [, url, token] = consoleLine;
  assert.equal(stdout.match(/^Console: /gm)?.length, 1, 'exactly one Console line');
  const other = /^Other tenant token: (\S+)$/m.exec(stdout)?.[1];
  assert.ok(other && other !== token);
  const who = await fetch(`${url}api/v1/whoami`, { headers: { authorization: `Bearer ${token}` } });
  assert.equal(who.status, 200);
  assert.deepEqual({ ...((await who.json()) as object), tokenId: undefined }, { tenant: 'demo', role: 'admin', tokenId: undefined });
  const whoOther = (await (await fetch(`${url}api/v1/whoami`, { headers: { authorization: `Bearer ${other}` } })).json()) as { tenant: string };
  assert.equal(whoOther.tenant, 'other');
  const alerts = await fetch(`${url}api/v1/alerts`, { headers: { authorization: `Bearer ${token}` } });
  assert.equal(alerts.status, 200);
  assert.ok(JSON.stringify(await alerts.json()).includes('203.0.113.66'), 'the demo tenant sees the attack');
  const globalFile = join(dir, 'global-admin.token');
  assert.equal(statSync(globalFile).mode & 0o777, 0o600);
  assert.equal((await fetch(`${url}api/v1/whoami`, { headers: { authorization: `Bearer ${readFileSync(globalFile, 'utf8').trim()}` } })).status, 200);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  child.kill('SIGTERM');
  assert.equal(await exited, 0, 'SIGTERM stops the console cleanly');
});
