// Local rules in the tenant's layer over the API: add, override a global rule, disable,
// remove; a bad rule is refused with its line and nothing is written.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { tenantLayerDir } from '../../src/core/layer-dirs.ts';
import { startTestServer, type TestServer } from './server-helpers.ts';

const rule = (id: string, title: string, level = 'high') =>
  `title: ${title}\nid: ${id}\nstatus: experimental\nlogsource:\n  product: linux\n  service: sshd\ndetection:\n  sel:\n    user.name: backup\n  condition: sel\nlevel: ${level}\n`;

interface Listed { rules: { id: string; title: string; layer: string; level: string | null }[]; disabled: string[] }

let s: TestServer;
const admin = () => s.tokens.acme?.admin as string;
const list = async () => (await (await s.request('GET', '/api/v1/rules', { token: admin() })).json()) as Listed;

describe('rules of a tenant', () => {
  before(async () => {
    s = await startTestServer(['acme']);
  });
  after(async () => s.close());

  it('lists the global rules with their layer', async () => {
    const { rules } = await list();
    assert.ok(rules.length > 0, 'the shipped global rules are listed');
    assert.ok(rules.every((r) => r.layer === 'global'));
  });

  it('adds a local rule, then overrides a global one by id', async () => {
    const put = await s.request('PUT', '/api/v1/rules/local-backup-login', { token: admin(), body: { yaml: rule('local-backup-login', 'Backup account login') } });
    assert.equal(put.status, 200, await put.clone().text());
    assert.deepEqual((await list()).rules.filter((r) => r.id === 'local-backup-login').map((r) => r.layer), ['tenant:acme']);
    const global = (await list()).rules[0] as Listed['rules'][number];
    assert.equal((await s.request('PUT', `/api/v1/rules/${global.id}`, { token: admin(), body: { yaml: rule(global.id, 'tenant version', 'low') } })).status, 200);
    const over = (await list()).rules.find((r) => r.id === global.id);
    assert.deepEqual([over?.title, over?.layer, over?.level], ['tenant version', 'tenant:acme', 'low']);
    // Removing the override brings the global rule back.
    assert.equal((await s.request('DELETE', `/api/v1/rules/${global.id}`, { token: admin() })).status, 204);
    assert.equal((await list()).rules.find((r) => r.id === global.id)?.layer, 'global');
  });

  it('disables and re-enables a rule', async () => {
    const id = (await list()).rules[0]?.id as string;
    assert.equal((await s.request('POST', `/api/v1/rules/${id}/disable`, { token: admin(), body: { disabled: true } })).status, 204);
    const after1 = await list();
    assert.ok(!after1.rules.some((r) => r.id === id) && after1.disabled.includes(id));
    assert.equal((await s.request('POST', `/api/v1/rules/${id}/disable`, { token: admin(), body: { disabled: false } })).status, 204);
    assert.ok((await list()).rules.some((r) => r.id === id));
  });

  it('refuses a bad rule with its line, and writes nothing', async () => {
    const before = readdirSync(tenantLayerDir(s.dataDir, 'acme', 'rules'));
    const bad = 'title: broken\nid: broken-1\nlogsource:\n  product: linux\ndetection:\n  sel:\n    user.name|nosuchmodifier: x\n  condition: sel\n';
    const v = (await (await s.request('POST', '/api/v1/rules/validate', { token: s.tokens.acme?.analyst, body: { yaml: bad } })).json()) as { ok: boolean; errors: { line: number | null; reason: string }[] };
    assert.equal(v.ok, false);
    assert.ok(v.errors.length > 0 && v.errors.every((e) => e.reason.length > 0));
    const put = await s.request('PUT', '/api/v1/rules/broken-1', { token: admin(), body: { yaml: bad } });
    assert.equal(put.status, 422);
    assert.deepEqual(readdirSync(tenantLayerDir(s.dataDir, 'acme', 'rules')), before);
    const mismatch = await s.request('PUT', '/api/v1/rules/other-id', { token: admin(), body: { yaml: rule('local-x', 'x') } });
    assert.equal(mismatch.status, 400);
    assert.ok(!existsSync(`${tenantLayerDir(s.dataDir, 'acme', 'rules')}/other-id.yml`));
    assert.equal((await s.request('PUT', '/api/v1/rules/..%2F..%2Fetc', { token: admin(), body: { yaml: rule('x', 'x') } })).status, 400);
  });
});
