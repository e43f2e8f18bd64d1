// CVSS preconditions MulVAL's model leaves out (config/interaction/30-cvss-preconditions.dl):
// AV:A bugs are exploitable only from the same subnet, PR:L bugs only with an account on the
// host, PR:H bugs only with its root account. Each case is checked both ways: the precondition
// met gives the attacker the host, the precondition missing does not.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mapCvss } from '../../src/attackgraph/inputs/cvss.ts';
import { buildAttackGraph } from '../../src/attackgraph/build.ts';

const dir = mkdtempSync(join(tmpdir(), 'stegosoc-ag-cvss-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('AV:A and PR:L/H map to the adjacent / account-needing ranges (v3 and v2)', () => {
  assert.equal(mapCvss('CVSS:3.1/AV:A/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H').range, 'adjacentExploit');
  assert.equal(mapCvss('CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H').range, 'remoteExploitAuth');
  assert.equal(mapCvss('CVSS:3.1/AV:N/AC:L/PR:H/UI:N/S:U/C:H/I:H/A:H').range, 'remoteExploitAdmin');
  assert.equal(mapCvss('CVSS:3.1/AV:A/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H').range, 'adjacentExploitAuth');
  assert.equal(mapCvss('CVSS:3.1/AV:L/AC:L/PR:H/UI:N/S:U/C:H/I:H/A:H').range, 'localExploitAdmin');
  assert.equal(mapCvss('CVSS:3.1/AV:A/AC:L/PR:L/UI:R/S:U/C:H/I:H/A:H').range, 'remoteClient');
  assert.equal(mapCvss('AV:A/AC:L/Au:N/C:C/I:C/A:C').range, 'adjacentExploit');
  assert.equal(mapCvss('AV:N/AC:L/Au:S/C:C/I:C/A:C').range, 'remoteExploitAuth');
  assert.equal(mapCvss('AV:N/AC:L/Au:M/C:C/I:C/A:C').range, 'remoteExploitAdmin');
});

/** Two subnets: the attacker reaches web (dmz) from the internet; web reaches app (dmz) and
 *  db (core) on tcp/5432. The db bug's range is the variable under test. */
function estate(range: string, extra: string[] = []): string {
  return [
    'attackerLocated(internet).',
    'hacl(internet, web, tcp, 80).',
    'hacl(web, app, tcp, 5432).',
    'hacl(web, db, tcp, 5432).',
    'inSubnet(web, dmz).', 'inSubnet(app, dmz).', 'inSubnet(db, core).',
    "vulExists(web, 'CVE-W', httpd).",
    "vulProperty('CVE-W', remoteExploit, privEscalation).",
    'networkServiceInfo(web, httpd, tcp, 80, www).',
    "vulExists(app, 'CVE-X', postgres).", "vulExists(db, 'CVE-X', postgres).",
    `vulProperty('CVE-X', ${range}, privEscalation).`,
    'networkServiceInfo(app, postgres, tcp, 5432, postgres).',
    'networkServiceInfo(db, postgres, tcp, 5432, postgres).',
    ...extra,
  ].join('\n');
}

function reached(name: string, text: string): string[] {
  const file = join(dir, `${name}.P`);
  writeFileSync(file, text);
  const built = buildAttackGraph({ mulval: file, engine: 'bottom-up', goals: ['execCode(_, _)'] });
  return built.graph.goals.map((g) => built.graph.facts.label(g)).sort();
}

test('AV:A: exploitable from a host of the same subnet, not across subnets', () => {
  const got = reached('adjacent', estate('adjacentExploit'));
  assert.ok(got.includes('execCode(app,postgres)'), got.join(' '));
  assert.ok(!got.some((g) => g.startsWith('execCode(db,')), got.join(' '));
  // The same bug as a plain network bug reaches db too: the subnet is what stopped it.
  assert.ok(reached('remote', estate('remoteExploit')).includes('execCode(db,postgres)'));
});

test('PR:L needs an account of a compromised principal on the host; PR:H needs its root account', () => {
  assert.ok(!reached('auth-none', estate('remoteExploitAuth')).some((g) => g.startsWith('execCode(db,')));
  // www's password is sniffed on web (the attacker runs code as www there) and works on db.
  const withAccount = ['hasAccount(ops, web, www).', 'hasAccount(ops, db, ops).'];
  assert.ok(reached('auth-account', estate('remoteExploitAuth', withAccount)).includes('execCode(db,postgres)'));
  assert.ok(!reached('admin-user', estate('remoteExploitAdmin', withAccount)).includes('execCode(db,postgres)'));
  const withRoot = ['hasAccount(ops, web, www).', 'hasAccount(ops, db, root).'];
  assert.ok(reached('admin-root', estate('remoteExploitAdmin', withRoot)).includes('execCode(db,postgres)'));
});

test('AV:A with PR:L needs both the subnet and the account', () => {
  assert.ok(!reached('adj-auth-none', estate('adjacentExploitAuth')).includes('execCode(app,postgres)'));
  assert.ok(reached('adj-auth', estate('adjacentExploitAuth', ['hasAccount(ops, web, www).', 'hasAccount(ops, app, ops).'])).includes('execCode(app,postgres)'));
});
