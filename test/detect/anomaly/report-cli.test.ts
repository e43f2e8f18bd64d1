import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { F } from '../../../src/core/fields.ts';
import { openSqliteStore } from '../../../src/store/index.ts';
import { event, HOUR, normalHour, rng, T0 } from './demo-events.ts';

const run = promisify(execFile);
const CLI = join(import.meta.dirname, '..', '..', '..', 'bin', 'stegosoc.js');
const hourArg = (h: number) => new Date(T0 + h * HOUR).toISOString().slice(0, 13);

describe('stegosoc report --hour', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'anomaly-report-'));

  before(async () => {
    // 40 hours of ordinary logins, then hour 39 with a burst of failures from a stranger.
    const store = openSqliteStore(join(dataDir, 'stegosoc.db'));
    const random = rng(21);
    for (let h = 0; h < 40; h++) {
      const events = normalHour('acme', h, random);
      if (h === 39) {
        for (let i = 0; i < 300; i++) {
          events.push(event('acme', T0 + h * HOUR + i * 1000, { [F.userName]: 'root', [F.hostName]: 'ws-carol', [F.sourceIp]: '203.0.113.66' }, 'sshd/failed'));
        }
      }
      await store.writeBatch({ tenant: 'acme', events, unparsed: [], counters: {} });
    }
    await store.close();
  });

  it('processes the stored events up to the hour and ranks the producer first (JSON)', async () => {
    const { stdout } = await run(process.execPath, [CLI, 'report', '--hour', hourArg(39), '--tenant', 'acme', '--data-dir', dataDir, '--format', 'json']);
    const r = JSON.parse(stdout) as { tenant: string; warmingUp: boolean; topEntities: { entity: { value: string }; score: number }[]; newTemplates: unknown[] };
    assert.equal(r.tenant, 'acme');
    assert.equal(r.warmingUp, false);
    assert.ok(['root', 'ws-carol', '203.0.113.66'].includes(r.topEntities[0]?.entity.value ?? ''), JSON.stringify(r.topEntities[0]));
    assert.ok((r.topEntities[0]?.score ?? 0) >= 65);
    assert.equal(r.newTemplates.length, 1);
  });

  it('renders the stored report again as HTML with its chart', async () => {
    const out = join(dataDir, 'r.html');
    await run(process.execPath, [CLI, 'report', '--hour', hourArg(39), '--tenant', 'acme', '--data-dir', dataDir, '--format', 'html', '--out', out]);
    const { stdout } = await run(process.execPath, [CLI, 'report', '--hour', hourArg(39), '--tenant', 'acme', '--data-dir', dataDir, '--format', 'md']);
    assert.match(stdout, /# StegoSOC anomaly report — acme/);
  });

  it('applies the tenant\'s suppressions', async () => {
    const dir = join(dataDir, 'tenants', 'quiet', 'suppressions');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'all.yaml'), 'suppressions:\n  - id: everything\n    reason: test\n    entity: "**"\n');
    const store = openSqliteStore(join(dataDir, 'stegosoc.db'));
    const random = rng(22);
    for (let h = 0; h < 40; h++) {
      const events = normalHour('quiet', h, random);
      if (h === 39) events.push(event('quiet', T0 + h * HOUR, { [F.hostName]: 'ws-bob' }, 'kernel/panic'));
      await store.writeBatch({ tenant: 'quiet', events, unparsed: [], counters: {} });
    }
    await store.close();
    const { stdout } = await run(process.execPath, [CLI, 'report', '--hour', hourArg(39), '--tenant', 'quiet', '--data-dir', dataDir, '--format', 'json']);
    const r = JSON.parse(stdout) as { topEntities: unknown[]; suppressed: number };
    assert.deepEqual(r.topEntities, []);
    assert.ok(r.suppressed >= 1);
  });

  it('takes false-positive feedback on a finding of a stored report', async () => {
    const { stdout } = await run(process.execPath, [CLI, 'report', '--hour', hourArg(39), '--tenant', 'acme', '--data-dir', dataDir, '--format', 'json']);
    const key = (JSON.parse(stdout) as { topEntities: { findings: { key: string }[] }[] }).topEntities[0]?.findings[0]?.key ?? '';
    const fp = await run(process.execPath, [CLI, 'anomaly', 'false-positive', '--hour', hourArg(39), '--tenant', 'acme', '--data-dir', dataDir, '--key', key, '--note', 'pen test']);
    assert.match(fp.stdout, /marked .* as a false positive/);
    await assert.rejects(run(process.execPath, [CLI, 'anomaly', 'false-positive', '--hour', hourArg(39), '--tenant', 'acme', '--data-dir', dataDir, '--key', 'nope']), /no finding with key "nope"/);
  });

  it('runs the hourly cycle and delivers each report through the configured notifiers', async () => {
    const outDir = join(dataDir, 'reports');
    const notify = join(dataDir, 'notify.yaml');
    writeFileSync(notify, `notifiers:\n  - type: file\n    dir: ${JSON.stringify(outDir)}\n    formats: [md]\n`);
    const store = openSqliteStore(join(dataDir, 'stegosoc.db'));
    const random = rng(23);
    for (let h = 0; h < 30; h++) await store.writeBatch({ tenant: 'cycle', events: normalHour('cycle', h, random), unparsed: [], counters: {} });
    await store.close();
    const { stdout } = await run(process.execPath, [CLI, 'anomaly', 'run', '--tenant', 'cycle', '--data-dir', dataDir, '--notify', notify, '--until', hourArg(30)]);
    assert.equal(stdout.trim().split('\n').length, 25);
    assert.match(stdout, /warming up/);
    const files = readdirSync(outDir);
    assert.ok(files.includes(`cycle-${hourArg(29)}.md`), files.join(','));
    assert.ok(!files.includes(`cycle-${hourArg(6)}.md`), 'no delivery while warming up');
  });

  it('rejects a malformed hour and a bad suppression file clearly', async () => {
    await assert.rejects(run(process.execPath, [CLI, 'report', '--hour', 'yesterday', '--data-dir', dataDir]), /--hour must look like 2026-11-28T10/);
    const dir = join(dataDir, 'tenants', 'broken', 'suppressions');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'bad.yaml'), 'suppressions:\n  - reason: no id\n');
    await assert.rejects(run(process.execPath, [CLI, 'report', '--hour', hourArg(39), '--tenant', 'broken', '--data-dir', dataDir]), /bad\.yaml.*invalid suppressions/s);
  });
});
