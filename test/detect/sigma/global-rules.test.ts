// The shipped global ruleset (config/rules) on lines our parsers read, through `stegosoc detect`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './cli.ts';

function syslog(sec: number, host: string, prog: string, msg: string): string {
  const t = new Date(Date.UTC(2026, 10, 2, 10, 0, sec));
  const mon = t.toLocaleString('en-US', { month: 'short', timeZone: 'UTC' });
  const time = t.toISOString().slice(11, 19);
  return `${mon} ${String(t.getUTCDate()).padStart(2, ' ')} ${time} ${host} ${prog}: ${msg}`;
}

test('the global ruleset detects SSH brute force, spraying, login after brute force, sudo, accounts, web and CloudTrail attacks', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sigma-global-'));
  try {
    const lines: string[] = [];
    // 12 failed passwords for root from one address, then a success: brute force + login after it.
    for (let i = 0; i < 12; i++) lines.push(syslog(i, 'web1', `sshd[${100 + i}]`, `Failed password for root from 203.0.113.7 port ${40000 + i} ssh2`));
    lines.push(syslog(20, 'web1', 'sshd[200]', 'Accepted password for root from 203.0.113.7 port 41000 ssh2'));
    // Spraying: six users from another address.
    for (const [i, u] of ['alice', 'bob', 'carol', 'dave', 'erin', 'frank'].entries()) lines.push(syslog(30 + i, 'web1', `sshd[${300 + i}]`, `Failed password for invalid user ${u} from 198.51.100.9 port 5000${i} ssh2`));
    lines.push(syslog(40, 'web1', 'sudo', '   alice : TTY=pts/0 ; PWD=/home/alice ; USER=root ; COMMAND=/bin/bash'));
    lines.push(syslog(41, 'web1', 'useradd[400]', 'new user: name=backdoor, UID=1002, GID=1002, home=/home/backdoor, shell=/bin/bash'));
    lines.push(syslog(42, 'web1', 'usermod[401]', "add 'backdoor' to group 'sudo'"));
    lines.push(`192.0.2.44 - - [02/Nov/2026:10:01:00 +0000] "GET /item.php?id=1%20UNION%20SELECT%20password%20FROM%20users HTTP/1.1" 200 512 "-" "sqlmap/1.7"`);
    lines.push(`192.0.2.44 - - [02/Nov/2026:10:01:01 +0000] "GET /download?file=../../../../etc/passwd HTTP/1.1" 404 12 "-" "curl/8.0"`);
    lines.push(JSON.stringify({ eventVersion: '1.08', userIdentity: { type: 'Root', arn: 'arn:aws:iam::111122223333:root' }, eventTime: '2026-11-02T10:02:00Z', eventSource: 'signin.amazonaws.com', eventName: 'ConsoleLogin', awsRegion: 'us-east-1', sourceIPAddress: '192.0.2.80', responseElements: { ConsoleLogin: 'Success' }, additionalEventData: { MFAUsed: 'No' } }));
    lines.push(JSON.stringify({ eventVersion: '1.08', userIdentity: { type: 'IAMUser', userName: 'ops' }, eventTime: '2026-11-02T10:03:00Z', eventSource: 'ec2.amazonaws.com', eventName: 'AuthorizeSecurityGroupIngress', awsRegion: 'us-east-1', sourceIPAddress: '192.0.2.81', requestParameters: { groupId: 'sg-1', ipPermissions: { items: [{ ipProtocol: 'tcp', fromPort: 22, toPort: 22, ipRanges: { items: [{ cidrIp: '0.0.0.0/0' }] } }] } } }));
    lines.push(JSON.stringify({ eventVersion: '1.08', userIdentity: { type: 'IAMUser', userName: 'ops' }, eventTime: '2026-11-02T10:04:00Z', eventSource: 'cloudtrail.amazonaws.com', eventName: 'StopLogging', awsRegion: 'us-east-1', sourceIPAddress: '192.0.2.81' }));
    const input = join(dir, 'mixed.log');
    writeFileSync(input, `${lines.join('\n')}\n`);
    const r = runCli(['detect', '--input', input, '--output', 'jsonl']);
    assert.equal(r.status, 0, r.stderr);
    const alerts = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { rule: { title: string; author: string; tags: string[] }; input: { line?: number; lines?: number[] } });
    const titles = new Set(alerts.map((a) => a.rule.title));
    for (const want of [
      'SSH Brute Force From One Source',
      'SSH Login After Brute Force',
      'SSH Password Spraying',
      'SSH Login As Root',
      'Interactive Root Shell Via Sudo',
      'New Local User Account',
      'User Added To An Administrators Group',
      'SQL Injection Attempt In URL',
      'Vulnerability Scanner User Agent',
      'Path Traversal Attempt In URL',
      'AWS Root Account Console Login',
      'AWS Console Login Without MFA',
      'AWS Security Group Opened To The World',
      'AWS CloudTrail Logging Disabled',
    ])
      assert.ok(titles.has(want), `missing ${want}; got ${[...titles].join(' | ')}`);
    // Building blocks consumed by correlations do not alert on their own.
    assert.ok(!titles.has('SSH Failed Login'));
    for (const a of alerts) {
      assert.equal(a.rule.author, 'StegoSOC');
      assert.ok(a.rule.tags.some((t) => /^attack\.t\d{4}/.test(t)), a.rule.title);
    }
    const brute = alerts.find((a) => a.rule.title === 'SSH Brute Force From One Source');
    assert.deepEqual(brute?.input.lines, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const sqli = alerts.find((a) => a.rule.title === 'SQL Injection Attempt In URL');
    assert.equal(sqli?.input.line, 23);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
