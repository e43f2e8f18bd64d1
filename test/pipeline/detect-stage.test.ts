// L1 detection in the ingest pipeline, end to end on a real SQLite file: our own sshd lines of
// a brute force go through `ingest()` with a DetectStage, and the alerts are read back from
// sigma_alerts the way the server reads them. Tenants, tenant layers, replays after a crash.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openSqliteStore } from '../../src/store/index.ts';
import type { Store } from '../../src/store/store.ts';
import { ingest } from '../../src/pipeline/ingest-setup.ts';
import { DetectStage } from '../../src/pipeline/detect-stage.ts';
import { ALERTS } from '../../src/pipeline/run-ingest.ts';
import { buildLayeredRuleset } from '../../src/detect/sigma/layering.ts';
import { DetectionEngine } from '../../src/detect/sigma/engine.ts';
import { readEvents } from '../../src/detect/sigma/input-reader.ts';

const ATTACKER = '198.51.100.7';
// The shipped global correlation "SSH Brute Force From One Source" (10 failures / 5 min).
const BRUTE_FORCE_ID = 'c077a3b3-9092-579a-95ca-66ced4711eba';
const INVALID_USER_ID = 'cd22ee0c-9515-59ea-ae4c-a7ebc3615af2';
const FAILURES = 12;

/** 12 failed root logins a few seconds apart from one address on one host, then two probes for unknown users. */
function bruteForceLog(): string {
  const lines: string[] = [];
  for (let i = 0; i < FAILURES; i++) {
    lines.push(`Nov 28 10:00:${String(10 + i * 3).padStart(2, '0')} web1 sshd[${2000 + i}]: Failed password for root from ${ATTACKER} port ${40000 + i} ssh2`);
  }
  lines.push(`Nov 28 10:01:00 web1 sshd[2100]: Invalid user oracle from ${ATTACKER} port 41000`);
  lines.push(`Nov 28 10:01:02 web1 sshd[2101]: Invalid user postgres from ${ATTACKER} port 41001`);
  lines.push('Nov 28 10:01:05 web1 sshd[2102]: Connection closed by 192.0.2.10 port 50000 [preauth]');
  return lines.join('\n') + '\n';
}

interface Row {
  tenant: string;
  id: string;
  rule_id: string;
  body: string;
}

function storedAlerts(db: string, tenant?: string): Row[] {
  const d = new Database(db, { readonly: true });
  try {
    const sql = `SELECT tenant, id, rule_id, body FROM sigma_alerts ${tenant ? 'WHERE tenant = ?' : ''} ORDER BY tenant, id`;
    return d.prepare(sql).all(...(tenant ? [tenant] : [])) as Row[];
  } finally {
    d.close();
  }
}

function setup(t: { after(fn: () => void): void }) {
  const dir = mkdtempSync(join(tmpdir(), 'stegosoc-detect-stage-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const log = join(dir, 'auth.log');
  writeFileSync(log, bruteForceLog());
  return { dir, log, db: join(dir, 'store.db') };
}

async function run(o: { dir: string; db: string; log: string; tenant: string; store?: (s: Store) => Store }) {
  const warnings: string[] = [];
  const real = openSqliteStore(o.db);
  const detect = new DetectStage({ dataDir: o.dir, file: o.db, onWarning: (m) => warnings.push(m) });
  try {
    const totals = await ingest({
      paths: [o.log], tenant: o.tenant, follow: false, dataDir: o.dir, store: o.store ? o.store(real) : real, detect,
      signal: new AbortController().signal,
    });
    return { totals, warnings };
  } finally {
    detect.close();
    await real.close();
  }
}

test('a brute force ingested by one tenant raises its alerts in sigma_alerts for that tenant only', async (t) => {
  const { dir, log, db } = setup(t);
  const acme = await run({ dir, log, db, tenant: 'acme' });
  const rows = storedAlerts(db, 'acme');
  const brute = rows.filter((r) => r.rule_id === BRUTE_FORCE_ID);
  assert.equal(brute.length, 1, 'twelve failures in one window fire the correlation once');
  const alert = JSON.parse(brute[0]?.body ?? '{}') as { kind: string; group: Record<string, string>; correlation: { value: number } };
  assert.equal(alert.kind, 'correlation');
  assert.equal(alert.group['source.ip'], ATTACKER);
  assert.equal(alert.group['host.name'], 'web1');
  assert.equal(alert.correlation.value, 10, 'it fires when the tenth failure arrives');
  assert.equal(rows.filter((r) => r.rule_id === INVALID_USER_ID).length, 2, 'one alert per unknown-user probe');
  // A rule alert is named by the stored event behind it, which is what makes replays idempotent.
  const store = openSqliteStore(db);
  const probe = (await store.queryEvents({ tenant: 'acme', text: 'Invalid user oracle' }))[0];
  await store.close();
  assert.ok(rows.some((r) => r.id === `${INVALID_USER_ID}:${probe?.id}`), 'alert id = rule id : event id');
  assert.equal(acme.totals[ALERTS], rows.length, 'the run counts what it stored');
  assert.deepEqual(storedAlerts(db).filter((r) => r.tenant !== 'acme'), [], 'no other tenant has alerts');

  // The same alerts as the `detect` command's engine over the same file (same rules, same order).
  const engine = new DetectionEngine(buildLayeredRuleset({}).ruleset, { tenant: 'acme' });
  const expected = readEvents(log, { format: 'auto', tenant: 'acme' }).flatMap((e) => engine.process(e));
  assert.deepEqual(rows.map((r) => r.rule_id).sort(), expected.map((a) => a.rule.id).sort());

  // Another tenant ingesting the same lines gets its own alerts; acme's are untouched.
  await run({ dir, log, db, tenant: 'globex' });
  assert.equal(storedAlerts(db, 'globex').length, rows.length);
  assert.deepEqual(storedAlerts(db, 'acme'), rows);
});

test('a tenant layer that disables the brute-force rule gets no brute-force alert', async (t) => {
  const { dir, log, db } = setup(t);
  const rules = join(dir, 'tenants', 'initech', 'rules');
  mkdirSync(rules, { recursive: true });
  writeFileSync(join(rules, '_layer.yml'), `disabled: [${BRUTE_FORCE_ID}]\n`);
  await run({ dir, log, db, tenant: 'initech' });
  await run({ dir, log, db, tenant: 'acme' });
  assert.equal(storedAlerts(db, 'initech').filter((r) => r.rule_id === BRUTE_FORCE_ID).length, 0);
  assert.ok(storedAlerts(db, 'initech').some((r) => r.rule_id === INVALID_USER_ID), 'the rules it keeps still fire');
  assert.equal(storedAlerts(db, 'acme').filter((r) => r.rule_id === BRUTE_FORCE_ID).length, 1, 'the other tenant still has it');
});

test('re-ingesting after a crash between alerts and events re-creates the same alerts, no duplicates', async (t) => {
  const { dir, log, db } = setup(t);
  // The store dies on the first batch, after the detection stage wrote its alerts.
  const crashing = (s: Store): Store => ({
    ...s, writeBatch: (b) => (b.events.length > 0 ? Promise.reject(new Error('power cut')) : s.writeBatch(b)),
    close: () => s.close(),
  });
  await assert.rejects(run({ dir, log, db, tenant: 'acme', store: crashing }), /power cut/);
  const beforeReplay = storedAlerts(db, 'acme');
  assert.ok(beforeReplay.length > 0, 'alerts were written before the batch');
  const store = openSqliteStore(db);
  assert.equal(await store.countEvents({ tenant: 'acme' }), 0, 'the batch itself was not stored');
  await store.close();

  const replay = await run({ dir, log, db, tenant: 'acme' });
  const after = storedAlerts(db, 'acme');
  assert.deepEqual(after, beforeReplay, 'the replay produced exactly the same alert ids and bodies');
  assert.equal(replay.totals[ALERTS], 0, 'nothing new was raised by the replay');

  // A clean run of the same lines (another tenant) gives the same number of alerts.
  await run({ dir, log, db, tenant: 'clean' });
  assert.equal(storedAlerts(db, 'clean').length, after.length);

  // Reading the file again from the start (checkpoints and windows forgotten) changes nothing either.
  const d = new Database(db);
  d.prepare('DELETE FROM sigma_correlation_state WHERE tenant = ?').run('acme');
  d.close();
  const d2 = new Database(db);
  assert.equal(d2.prepare('DELETE FROM checkpoints WHERE tenant = ?').run('acme').changes, 1);
  d2.close();
  const again = await run({ dir, log, db, tenant: 'acme' });
  assert.equal(again.totals['lines'], FAILURES + 3, 'the whole file was read again');
  assert.equal(again.totals[ALERTS], 0);
  assert.deepEqual(storedAlerts(db, 'acme'), after);
});

test('a tenant rule with a bad regex is reported once and every other rule still fires', async (t) => {
  const { dir, log, db } = setup(t);
  const rules = join(dir, 'tenants', 'acme', 'rules');
  mkdirSync(rules, { recursive: true });
  const rule = (id: string, title: string, detection: string) =>
    `title: ${title}\nid: ${id}\nstatus: test\nlogsource:\n  product: linux\n  service: sshd\ndetection:\n${detection}\n  condition: selection\nlevel: high\n`;
  writeFileSync(join(rules, 'bad.yml'), rule('5f0f3c52-7d8e-4b7a-9d55-0c5a1c1f0001', 'Broken Regex', "  selection:\n    message|re: 'Failed (password'"));
  writeFileSync(join(rules, 'root.yml'), rule('5f0f3c52-7d8e-4b7a-9d55-0c5a1c1f0002', 'Root Password Failure', "  selection:\n    message|contains: 'Failed password for root'"));
  const r = await run({ dir, log, db, tenant: 'acme' });
  const bad = r.warnings.filter((w) => w.includes('bad.yml'));
  assert.equal(bad.length, 1, `the broken rule is reported once: ${r.warnings.join(' | ')}`);
  assert.match(bad[0] ?? '', /regex|regular expression|pattern/i, bad[0]);
  assert.match(bad[0] ?? '', /rule rejected/);
  const rows = storedAlerts(db, 'acme');
  assert.equal(rows.filter((x) => x.rule_id.endsWith('0002')).length, FAILURES, 'the good tenant rule fires on each root failure');
  assert.equal(rows.filter((x) => x.rule_id === BRUTE_FORCE_ID).length, 1, 'global rules still fire');
  const layer = (JSON.parse(rows.find((x) => x.rule_id.endsWith('0002'))?.body ?? '{}') as { rule: { layer?: string } }).rule.layer;
  assert.equal(layer, 'tenant:acme');
});

test('without a detection stage nothing is checked against rules', async (t) => {
  const { dir, log, db } = setup(t);
  const store = openSqliteStore(db);
  try {
    const totals = await ingest({ paths: [log], tenant: 'acme', follow: false, dataDir: dir, store, signal: new AbortController().signal });
    assert.equal(totals[ALERTS], undefined);
  } finally {
    await store.close();
  }
  const d = new Database(db, { readonly: true });
  const exists = d.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'sigma_alerts'").pluck().get() as number;
  const n = exists ? (d.prepare('SELECT count(*) FROM sigma_alerts').pluck().get() as number) : 0;
  d.close();
  assert.equal(n, 0);
});
