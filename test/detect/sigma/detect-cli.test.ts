// The evaluation contract of `stegosoc detect` and the `rules check` / `rules test` commands.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './cli.ts';

interface OutAlert {
  rule: { id: string; title: string; level: string; author: string };
  input: { line?: number; lines?: number[] };
}

function setup(): { dir: string; rules: string } {
  const dir = mkdtempSync(join(tmpdir(), 'sigma-cli-'));
  const rules = join(dir, 'rules');
  mkdirSync(rules);
  writeFileSync(
    join(rules, 'login.yml'),
    `title: Failed login\nid: fail-1\nname: failed\nauthor: Ann Author\nlevel: low\nlogsource: {product: demo}\ndetection:\n  sel:\n    outcome: failure\n    user.name|exists: true\n  condition: sel\n---\ntitle: Repeated failures\nid: corr-1\nauthor: Cor Author\nlevel: high\ncorrelation:\n  type: event_count\n  rules: [failed]\n  group-by: [user.name]\n  timespan: 1m\n  generate: true\n  condition:\n    gte: 3\n`,
  );
  writeFileSync(join(rules, 'nested.yml'), `title: Role session\nid: role-1\nauthor: R\nlogsource: {product: aws}\ndetection:\n  sel:\n    userIdentity.sessionContext.sessionIssuer.type: Role\n  condition: sel\nlevel: medium\n`);
  writeFileSync(join(rules, 'broken.yml'), `title: Broken\nid: broken-1\nlogsource: {product: demo}\ndetection:\n  sel:\n    x|re: '(?<=a)b'\n  condition: sel\n`);
  return { dir, rules };
}

test('detect --rules --input --output jsonl: one JSON alert per line with rule id/title/level/author and input line(s)', () => {
  const { dir, rules } = setup();
  try {
    const input = join(dir, 'events.jsonl');
    // Out of time order in the file: the correlation must see them in time order.
    const lines = [
      { '@timestamp': '2026-11-28T10:00:30Z', outcome: 'failure', user: { name: 'bob' } },
      { '@timestamp': '2026-11-28T10:00:10Z', outcome: 'failure', user: { name: 'bob' } },
      { '@timestamp': '2026-11-28T10:00:20Z', outcome: 'success', user: { name: 'bob' } },
      { '@timestamp': '2026-11-28T10:00:40Z', outcome: 'failure', user: { name: 'bob' } },
      { '@timestamp': '2026-11-28T10:00:50Z', userIdentity: { sessionContext: { sessionIssuer: { type: 'Role' } } } },
    ].map((o) => JSON.stringify(o));
    writeFileSync(input, `${lines.join('\n')}\nthis line is not JSON\n`);
    const r = runCli(['detect', '--rules', rules, '--input', input, '--format', 'jsonl', '--output', 'jsonl']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, /broken\.yml:6: .*linear-time engine/);
    assert.match(r.stderr, /1 input lines were not events/);
    const alerts = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as OutAlert);
    const single = alerts.filter((a) => a.rule.id === 'fail-1');
    assert.deepEqual(single.map((a) => a.input.line), [2, 1, 4], 'time order');
    assert.deepEqual(single[0]?.rule, { ...single[0]?.rule, id: 'fail-1', title: 'Failed login', level: 'low', author: 'Ann Author' });
    const corr = alerts.filter((a) => a.rule.id === 'corr-1');
    assert.equal(corr.length, 1);
    assert.deepEqual(corr[0]?.input.lines, [1, 2, 4]);
    assert.equal(corr[0]?.rule.author, 'Cor Author');
    assert.deepEqual(alerts.filter((a) => a.rule.id === 'role-1').map((a) => a.input.line), [5]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('detect reads other formats through the parsers (auto), with input lines', () => {
  const { dir, rules } = setup();
  try {
    writeFileSync(join(rules, 'sshd.yml'), `title: SSH failure\nid: ssh-1\nauthor: S\nlogsource: {product: linux, service: sshd}\ndetection:\n  sel:\n    event.action: ssh_login\n    event.outcome: failure\n  condition: sel\nlevel: low\n`);
    const input = join(dir, 'auth.log');
    writeFileSync(input, 'Dec 10 06:55:46 host sshd[1]: Accepted password for bob from 10.0.0.1 port 1 ssh2\nDec 10 06:55:48 host sshd[2]: Failed password for root from 10.0.0.2 port 2 ssh2\n');
    const r = runCli(['detect', '--rules', rules, '--input', input, '--output', 'jsonl']);
    assert.equal(r.status, 0, r.stderr);
    const alerts = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as OutAlert);
    assert.deepEqual(alerts.filter((a) => a.rule.id === 'ssh-1').map((a) => a.input.line), [2]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('rules check lists rejected documents with file:line and reason, and exits non-zero', () => {
  const { dir, rules } = setup();
  try {
    const r = runCli(['rules', 'check', rules]);
    assert.equal(r.status, 1);
    assert.match(r.stdout, /loaded 2 rules, 1 correlations, 0 filters; rejected 1/);
    assert.match(r.stdout, /REJECTED .*broken\.yml:6: sel: x\|re: .*not supported/);
    rmSync(join(rules, 'broken.yml'));
    assert.equal(runCli(['rules', 'check', rules]).status, 0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
