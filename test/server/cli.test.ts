// The access and serve commands as a user runs them: tenants and tokens are managed from the
// host, and a bad configuration file stops `serve` with a message naming file, line and key.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../cli/cli-helpers.ts';
import { openTokenStore, tokenDbPath } from '../../src/server/auth/token-store.ts';

describe('stegosoc tenants / tokens / serve', () => {
  it('adds a tenant, creates a token that verifies, and revokes it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stegosoc-cli-'));
    assert.equal((await runCli(['tenants', 'add', 'acme', '--data-dir', dir])).code, 0);
    const created = await runCli(['tokens', 'create', '--tenant', 'acme', '--role', 'analyst', '--data-dir', dir]);
    assert.equal(created.code, 0, created.stderr);
    const token = created.stdout.trim().split('\n').at(-1) as string;
    const id = /token (\S+)/.exec(created.stdout)?.[1] as string;
    const store = openTokenStore(tokenDbPath(dir));
    assert.deepEqual(store.verify(token), { tokenId: id, tenant: 'acme', role: 'analyst' });
    const revoked = await runCli(['tokens', 'revoke', id, '--data-dir', dir]);
    assert.equal(revoked.code, 0, revoked.stderr);
    assert.equal(store.verify(token), undefined);
    store.close();
    const bad = await runCli(['tokens', 'create', '--tenant', 'nope', '--role', 'wizard', '--data-dir', dir]);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /unknown role "wizard"/);
  });

  it('serve refuses a bad configuration file with file, line and key', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stegosoc-cli-'));
    const file = join(dir, 'stegosoc.yaml');
    writeFileSync(file, 'dataDir: data\nlisten:\n  port: 70000\n');
    const r = await runCli(['serve', '--config', file]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, new RegExp(`stegosoc\\.yaml:3: listen\\.port`));
  });
});
