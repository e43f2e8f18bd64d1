// The library API (src/attackgraph/index.ts) the console's routes call: a tenant's graph from
// its inventory folder with its own interaction-rule layer, and every analysis and export by
// name, on the demo estate.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PRODUCT_ROOT } from '../../src/core/layer-dirs.ts';
import * as ag from '../../src/attackgraph/index.ts';
import type { Alert as SigmaAlert } from '../../src/detect/sigma/alert.ts';

const demo = join(PRODUCT_ROOT, 'test', 'attackgraph', 'fixtures', 'demo-inventory');
const dataDir = mkdtempSync(join(tmpdir(), 'stegosoc-ag-api-'));
after(() => rmSync(dataDir, { recursive: true, force: true }));
cpSync(demo, ag.tenantInventoryDir(dataDir, 'acme'), { recursive: true });
const built = ag.buildTenantGraph({ dataDir, tenant: 'acme' });

test('a tenant graph from <data>/tenants/<t>/inventory: reachability, paths, violations', () => {
  const r = ag.reachable(built);
  assert.ok(r.hosts.some((h) => h.host === 'web1'));
  const paths = ag.pathsToGoals(built);
  assert.equal(paths.length, built.graph.goals.length);
  assert.ok(paths.length > 0);
  for (const p of paths) {
    assert.ok(p.probability > 0 && p.probability <= 1);
    assert.ok(p.shortest.length > 0 && p.shortest.at(-1)?.gains === p.goal);
  }
  assert.ok(Array.isArray(ag.violations(built)));
});

test('hardening advice is verified by re-evaluation; what-if shows what a fix removes', async () => {
  const advice = await ag.advise(built);
  assert.ok(advice.fixes.length > 0);
  assert.deepEqual(advice.verification.goalsStillReachable, []);
  const d = ag.whatIf(built, { remove: advice.fixes.flatMap((f) => f.removeFacts) });
  assert.deepEqual(d.goalsAfter, []);
  assert.ok(d.lost.length > 0);
});

test('L1 alerts naming a host and user place the attacker and rank next steps', () => {
  const alert: SigmaAlert = {
    id: 'r1:1', tenant: 'acme', time: 1, kind: 'rule',
    rule: { id: 'webshell', title: 'Webshell', level: 'high', tags: [], references: [] },
    input: { line: 1 }, events: [{ 'host.name': 'web1', 'user.name': 'www' }], repeats: 0,
  };
  const nothing: SigmaAlert = { ...alert, id: 'r1:2', events: [{ message: 'no entity' }] };
  const overlay = ag.alertsFromSigma([alert, nothing]);
  assert.equal(overlay.length, 1);
  assert.equal(overlay[0]?.level, 4);
  const v = ag.attackerView(built, overlay);
  assert.deepEqual(v.positions.map((p) => p.fact), ['execCode(web1,www)']);
  assert.ok(v.nextSteps.length > 0);
});

test('every export format renders by name', () => {
  for (const f of ag.EXPORT_FORMATS) {
    const files = ag.exportGraph(built.graph, f);
    assert.ok(files.length > 0 && files.every((x) => x.text.length > 0 && x.name && x.contentType), f);
  }
  assert.ok(!ag.isExportFormat('pdf'));
});

test("the tenant's interaction layer applies: disabling the remote exploit rule cuts the web entry", () => {
  const dir = join(dataDir, 'tenants', 'acme', 'interaction');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, '90-local.dl'), ':- disable(remote_exploit_server).\n');
  try {
    const narrowed = ag.buildTenantGraph({ dataDir, tenant: 'acme' });
    assert.ok(!ag.reachable(narrowed).hosts.some((h) => h.host === 'web1'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
