// Which alerts place the attacker, and as whom (src/attackgraph/analyses/place-alerts.ts): footholds only, with
// the web server's account for web requests, uid names for auditd, principals for the cloud.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Alert } from '../../src/detect/sigma/alert.ts';
import { join } from 'node:path';
import { buildAttackGraph } from '../../src/attackgraph/build.ts';
import { PRODUCT_ROOT } from '../../src/core/layer-dirs.ts';
import { directoryFromGraph, placeAlert } from '../../src/attackgraph/analyses/place-alerts.ts';

// The directory as the console builds it: from the demo inventory's graph, addresses and uids.
const demoBuilt = buildAttackGraph({ inventory: join(PRODUCT_ROOT, 'demo', 'inventory') });
const dir = directoryFromGraph(demoBuilt.graph, demoBuilt);
function alert(tags: string[], fields: Record<string, unknown>, kind: Alert['kind'] = 'rule'): Alert {
  return {
    id: 'a1', tenant: 'demo', time: 1, kind, repeats: 0, input: {},
    rule: { id: 'r1', title: 'T', level: 'high', tags, references: [] },
    events: kind === 'rule' ? [fields as Alert['events'][number]] : [],
    ...(kind === 'correlation' ? { group: fields as Record<string, string> } : {}),
  };
}
const strip = (xs: ReturnType<typeof placeAlert>) => xs.map(({ host, user }) => ({ host, user }));

test('a web request that exploits the shop places the attacker as the web server account', () => {
  const a = alert(['attack.initial-access', 'attack.execution'], { 'host.name': 'web-1', 'url.original': '/x?a=;id', 'user.name': 'alice' });
  assert.deepEqual(strip(placeAlert(a, dir)), [{ host: 'web-1', user: 'www-data' }]);
});

test('auditd ids become account names; sudo to root is root; a WAF line finds its host by address', () => {
  assert.deepEqual(strip(placeAlert(alert(['attack.collection'], { 'host.name': 'db-1', 'user.id': '1100' }), dir)), [{ host: 'db-1', user: 'deploy' }]);
  assert.deepEqual(strip(placeAlert(alert(['attack.privilege-escalation'], { 'host.name': 'web-1', 'user.name': 'www-data', 'user.effective.name': 'root' }), dir)), [{ host: 'web-1', user: 'root' }]);
  assert.deepEqual(strip(placeAlert(alert(['attack.execution'], { 'destination.ip': '10.0.10.11' }), dir)), [{ host: 'web-1', user: undefined }]);
  assert.deepEqual(strip(placeAlert(alert(['attack.execution'], { 'host.name': 'ws-03.acme.local', 'user.name': 'carol' }), dir)), [{ host: 'ws-03', user: 'carol' }]);
});

test('a cloud alert places the principal it names', () => {
  assert.deepEqual(strip(placeAlert(alert(['attack.exfiltration'], { 'user.name': 'data-export-role', 'source.ip': '203.0.113.66' }, 'correlation'), dir)), [{ host: undefined, user: 'data-export-role' }]);
  assert.deepEqual(strip(placeAlert(alert(['attack.persistence'], { 'cloud.provider': 'aws', 'user.name': 'backup-svc' }), dir)), [{ host: undefined, user: 'backup-svc' }]);
});

test('attempts, reconnaissance and failures place nobody', () => {
  assert.deepEqual(placeAlert(alert(['attack.credential-access', 'attack.t1110.003'], { 'source.ip': '203.0.113.66', 'host.name': 'bastion' }, 'correlation'), dir), []);
  assert.deepEqual(placeAlert(alert(['attack.reconnaissance', 'attack.t1595.002'], { 'host.name': 'web-1', 'url.original': '/.env' }), dir), []);
  assert.deepEqual(placeAlert(alert(['attack.privilege-escalation'], { 'host.name': 'web-2', 'user.name': 'alice', 'event.outcome': 'failure' }), dir), []);
  assert.deepEqual(placeAlert(alert(['attack.execution'], { 'host.name': 'elsewhere' }), dir), []);
});

test('a directory built from the demo graph alone knows its hosts and web accounts', () => {
  const g = buildAttackGraph({ inventory: join(PRODUCT_ROOT, 'demo', 'inventory') }).graph;
  const d = directoryFromGraph(g);
  for (const h of ['web-1', 'db-1', 'bastion']) assert.ok(d.names.has(h), h);
  assert.equal(d.webAccounts.get('web-1'), 'www-data');
  const a = alert(['attack.execution'], { 'host.name': 'web-1', 'url.original': '/x;id' });
  assert.deepEqual(strip(placeAlert(a, d)), [{ host: 'web-1', user: 'www-data' }]);
});
