// The ordinary day on the Linux hosts, through the central syslog server (RFC 3164 files per
// facility, RFC 5424 from the two hosts that forward in that format) and auditd: people logging
// in through the bastion, CI deploying, cron and backups, mail and DNS, firewall noise.
import { DAY_START, HOUR, HOSTS, LINUX_SERVERS, PEOPLE, SERVICE_ACCOUNTS, host, internetIp, type Person } from './estate.ts';
import { Gen, LogSet, iso, syslogTime } from './gen.ts';

const S = (t: number, h: string, prog: string, msg: string) => `${syslogTime(t)} ${h} ${prog}: ${msg}`;
const R5424 = (t: number, pri: number, h: string, app: string, pid: number | '-', msg: string) => `<${pri}>1 ${iso(t)} ${h} ${app} ${pid} - - ${msg}`;

const SUDO_COMMANDS: Record<Person['job'], string[]> = {
  ops: ['/usr/bin/systemctl restart nginx', '/usr/bin/apt-get update', '/usr/bin/journalctl -u nginx --since today', '/usr/bin/tail -n 200 /var/log/syslog', '/usr/bin/systemctl status postgresql', '/usr/sbin/ufw status'],
  dev: ['/usr/bin/systemctl restart shop', '/usr/bin/journalctl -u shop -n 100', '/usr/bin/docker ps'],
  dba: ['/usr/bin/systemctl reload postgresql', '/usr/bin/tail -n 100 /var/log/postgresql/postgresql-15-main.log', '/usr/bin/psql -c select 1'],
  office: [],
};

/** Where a person's work takes them after the bastion. */
const TARGETS: Record<Person['job'], string[]> = {
  ops: ['web-1', 'web-2', 'mail-1', 'ns-1', 'ci-1', 'files-1', 'mon-1', 'db-1'],
  dev: ['web-1', 'web-2', 'ci-1'],
  dba: ['db-1'],
  office: [],
};

function sshSession(g: Gen, logs: LogSet, t: number, h: string, user: string, uid: number, from: string, method: 'publickey' | 'password', sudo: string[]): void {
  const pid = g.int(2000, 60000);
  const port = g.int(32768, 60999);
  const f = 'syslog/auth.log';
  const key = method === 'publickey' ? `: ED25519 SHA256:${g.hex(16)}` : '';
  logs.add(f, t, S(t, h, `sshd[${pid}]`, `Accepted ${method} for ${user} from ${from} port ${port} ssh2${key}`));
  logs.add(f, t + 200, S(t + 200, h, `sshd[${pid}]`, `pam_unix(sshd:session): session opened for user ${user}(uid=${uid}) by (uid=0)`));
  logs.add(f, t + 400, S(t + 400, h, 'systemd-logind[612]', `New session ${g.int(100, 9999)} of user ${user}.`));
  const len = g.int(60_000, 45 * 60_000);
  for (const cmd of sudo) {
    const at = t + g.int(10_000, len);
    logs.add(f, at, S(at, h, 'sudo', `${user} : TTY=pts/${g.int(0, 5)} ; PWD=/home/${user} ; USER=root ; COMMAND=${cmd}`));
    logs.add(f, at + 50, S(at + 50, h, 'sudo', `pam_unix(sudo:session): session opened for user root(uid=0) by ${user}(uid=${uid})`));
    logs.add(f, at + 900, S(at + 900, h, 'sudo', 'pam_unix(sudo:session): session closed for user root'));
  }
  logs.add(f, t + len, S(t + len, h, `sshd[${pid}]`, `Received disconnect from ${from} port ${port}:11: disconnected by user`));
  logs.add(f, t + len + 100, S(t + len + 100, h, `sshd[${pid}]`, `pam_unix(sshd:session): session closed for user ${user}`));
}

function people(g: Gen, logs: LogSet, scale: number): void {
  const bastion = host('bastion');
  for (const p of PEOPLE) {
    if (p.job === 'office') continue;
    const ws = HOSTS.find((h) => h.owner === p.name);
    const sessions = Math.round(g.int(12, 24) * scale);
    for (let i = 0; i < sessions; i++) {
      const t = g.time();
      // Office -> bastion with a password (typed), bastion -> servers with the forwarded agent key.
      if (g.chance(0.04)) {
        const ft = t - g.int(5_000, 20_000);
        logs.add('syslog/auth.log', ft, S(ft, 'bastion', `sshd[${g.int(2000, 60000)}]`, `Failed password for ${p.name} from ${ws?.ip ?? '10.0.30.99'} port ${g.int(32768, 60999)} ssh2`));
      }
      sshSession(g, logs, t, 'bastion', p.name, p.uid, ws?.ip ?? '10.0.30.99', 'password', []);
      const target = g.pick(TARGETS[p.job]);
      const cmds = SUDO_COMMANDS[p.job].filter(() => g.chance(0.35));
      sshSession(g, logs, t + g.int(5_000, 40_000), target, p.name, p.uid, bastion.ip, 'publickey', cmds);
      if (p.job === 'ops' && g.chance(0.15)) {
        const st = t + g.int(60_000, 600_000);
        logs.add('syslog/auth.log', st, S(st, target, `su[${g.int(2000, 60000)}]`, `(to root) ${p.name} on pts/${g.int(0, 5)}`));
        logs.add('syslog/auth.log', st + 20, S(st + 20, target, 'su', `pam_unix(su:session): session opened for user root by ${p.name}(uid=${p.uid})`));
      }
    }
  }
  // CI deploys the shop to both web servers as `deploy`, with its key, several times a day.
  const ci = host('ci-1');
  for (let i = 0; i < Math.round(10 * scale); i++) {
    const t = g.time();
    for (const w of ['web-1', 'web-2']) {
      sshSession(g, logs, t + g.int(0, 30_000), w, SERVICE_ACCOUNTS.deploy.name, SERVICE_ACCOUNTS.deploy.uid, ci.ip, 'publickey', []);
    }
    // The nightly-ish schema migration check also logs in to the database host as deploy.
    if (i % 3 === 0) sshSession(g, logs, t + g.int(30_000, 90_000), 'db-1', SERVICE_ACCOUNTS.deploy.name, SERVICE_ACCOUNTS.deploy.uid, ci.ip, 'publickey', []);
  }
}

function cronAndSystemd(g: Gen, logs: LogSet, scale: number): void {
  const f = 'syslog/daemon.log';
  for (const h of LINUX_SERVERS) {
    for (let m = 0; m < 24 * 60; m += 10) {
      const t = DAY_START + m * 60_000 + g.int(0, 2_000);
      logs.add(f, t, S(t, h.name, `CRON[${g.int(2000, 60000)}]`, '(root) CMD (command -v debian-sa1 > /dev/null && debian-sa1 1 1)'));
    }
    for (let i = 0; i < Math.round(20 * scale); i++) {
      const t = g.time('flat');
      const unit = g.pick(['logrotate.service', 'apt-daily.service', 'man-db.service', 'systemd-tmpfiles-clean.service', 'fstrim.service']);
      logs.add(f, t, S(t, h.name, 'systemd[1]', `Starting ${unit}...`));
      logs.add(f, t + 1500, S(t + 1500, h.name, 'systemd[1]', `Finished ${unit}.`));
    }
  }
  // The database backup at 02:00 as the backup account.
  const t = DAY_START + 2 * HOUR;
  logs.add(f, t, S(t, 'db-1', `CRON[${g.int(2000, 60000)}]`, '(backup) CMD (/opt/backup/bin/nightly.sh)'));
}

function mail(g: Gen, logs: LogSet, scale: number): void {
  const f = 'syslog/mail.log';
  for (let i = 0; i < Math.round(700 * scale); i++) {
    const t = g.time();
    const pid = g.int(2000, 60000);
    const ip = internetIp(g.r);
    const id = g.hex(10).toUpperCase();
    logs.add(f, t, S(t, 'mail-1', `postfix/smtpd[${pid}]`, `connect from unknown[${ip}]`));
    if (g.chance(0.15)) {
      logs.add(f, t + 300, S(t + 300, 'mail-1', `postfix/smtpd[${pid}]`, `NOQUEUE: reject: RCPT from unknown[${ip}]: 554 5.7.1 <info@${g.pick(['example.net', 'example.org'])}>: Relay access denied; from=<x${g.int(1, 999)}@example.com> to=<info@example.net> proto=ESMTP helo=<mx.example.com>`));
    } else {
      const to = g.pick(PEOPLE).name;
      logs.add(f, t + 300, S(t + 300, 'mail-1', `postfix/smtpd[${pid}]`, `${id}: client=unknown[${ip}]`));
      logs.add(f, t + 500, S(t + 500, 'mail-1', `postfix/qmgr[1187]`, `${id}: from=<news${g.int(1, 99)}@example.com>, size=${g.int(2000, 90000)}, nrcpt=1 (queue active)`));
      logs.add(f, t + 900, S(t + 900, 'mail-1', `postfix/local[${g.int(2000, 60000)}]`, `${id}: to=<${to}@acme.example>, relay=local, delay=0.${g.int(1, 9)}, dsn=2.0.0, status=sent (delivered to mailbox)`));
    }
    logs.add(f, t + 1200, S(t + 1200, 'mail-1', `postfix/smtpd[${pid}]`, `disconnect from unknown[${ip}] ehlo=1 mail=1 rcpt=1 data=1 quit=1 commands=5`));
  }
}

const DOMAINS = ['shop.acme.example', 'api.stripe.com', 'deb.debian.org', 'github.com', 'registry.npmjs.org', 'outlook.office365.com', 'www.google.com', 'slack.com', 's3.eu-west-1.amazonaws.com', 'db-1.acme.internal', 'ci-1.acme.internal'];

function dns(g: Gen, logs: LogSet, scale: number): void {
  const f = 'syslog/named.log';
  const clients = HOSTS.filter((h) => h.role !== 'firewall');
  for (let i = 0; i < Math.round(6000 * scale); i++) {
    const t = g.time();
    const c = g.pick(clients);
    const d = g.pick(DOMAINS);
    logs.add(f, t, S(t, 'ns-1', 'named[811]', `client @0x7f3a${g.hex(8)} ${c.ip}#${g.int(1024, 65535)} (${d}): query: ${d} IN ${g.pick(['A', 'A', 'AAAA', 'MX'])} + (10.0.20.53)`));
  }
}

function bastionFirewall(g: Gen, logs: LogSet, scale: number): void {
  // The bastion's own host firewall drops the background noise of the internet.
  for (let i = 0; i < Math.round(900 * scale); i++) {
    const t = g.time('flat');
    const port = g.pick([23, 445, 3389, 5900, 8080, 1433, 6379, 2375]);
    logs.add('syslog/kern.log', t, S(t, 'bastion', 'kernel', `[${(t - DAY_START) / 1000 + 86_400}.${g.int(100000, 999999)}] IPTABLES-DROP: IN=eth0 OUT= MAC=52:54:00:12:34:56:52:54:00:ab:cd:ef:08:00 SRC=${internetIp(g.r)} DST=10.0.10.5 LEN=44 TOS=0x00 PREC=0x00 TTL=${g.int(40, 120)} ID=${g.int(1, 65535)} PROTO=TCP SPT=${g.int(1024, 65535)} DPT=${port} WINDOW=1024 RES=0x00 SYN URGP=0`));
  }
}

function rfc5424(g: Gen, logs: LogSet, scale: number): void {
  // mon-1 and ci-1 forward in RFC 5424; the monitoring stack's own messages are no known format.
  for (let i = 0; i < Math.round(1200 * scale); i++) {
    const t = g.time('flat');
    const target = g.pick(LINUX_SERVERS).name;
    const line = g.pick([
      () => R5424(t, 30, 'mon-1', 'prometheus', 811, `level=info component=scrape target=${target}:9100 msg="scrape ok" duration_ms=${g.int(3, 90)}`),
      () => R5424(t, 30, 'mon-1', 'alertmanager', 902, `level=info component=dispatcher msg="notify success" receiver=ops-mail alerts=${g.int(1, 3)}`),
      () => R5424(t, 30, 'ci-1', 'systemd', 1, `Started jenkins-agent@${g.int(1, 4)}.service - Jenkins agent.`),
    ])();
    logs.add('rfc5424/forwarded.log', t, line);
  }
}

/** auditd on the hosts that run it (web-1, db-1, ci-1): ordinary program executions. */
function audit(g: Gen, logs: LogSet, scale: number, serials: Map<string, number>): void {
  const programs: Record<string, [string, string[], number, string][]> = {
    'web-1': [['/usr/sbin/nginx', ['nginx', '-s', 'reload'], 0, '/'], ['/usr/bin/node', ['node', '/var/www/shop/server.js'], 33, '/var/www/shop'], ['/usr/bin/logrotate', ['logrotate', '/etc/logrotate.conf'], 0, '/']],
    'db-1': [['/usr/lib/postgresql/15/bin/postgres', ['postgres', '-D', '/var/lib/postgresql/15/main'], 111, '/var/lib/postgresql'], ['/usr/bin/psql', ['psql', '-c', 'vacuum analyze'], 111, '/var/lib/postgresql'], ['/opt/backup/bin/nightly.sh', ['/bin/sh', '/opt/backup/bin/nightly.sh'], 34, '/opt/backup']],
    'ci-1': [['/usr/bin/git', ['git', 'fetch', '--all'], 1100, '/srv/ci/shop'], ['/usr/bin/npm', ['npm', 'ci'], 1100, '/srv/ci/shop'], ['/usr/bin/ssh', ['ssh', 'deploy@web-1', 'systemctl', 'restart', 'shop'], 1100, '/srv/ci/shop']],
  };
  for (const [h, list] of Object.entries(programs)) {
    for (let i = 0; i < Math.round(700 * scale); i++) {
      const [exe, args, uid, cwd] = g.pick(list);
      auditExec(logs, g, serials, h, g.time(), exe, args, uid, cwd);
    }
  }
}

/** One execve as auditd writes it: SYSCALL, EXECVE and CWD records with one serial. */
export function auditExec(logs: LogSet, g: Gen, serials: Map<string, number>, h: string, t: number, exe: string, args: readonly string[], uid: number, cwd: string, auid = uid): void {
  const serial = (serials.get(h) ?? 1000) + g.int(1, 30);
  serials.set(h, serial);
  const stamp = `${(t / 1000).toFixed(3)}:${serial}`;
  const file = `audit/${h}.log`;
  const comm = (args[0] ?? exe).split('/').pop() ?? exe;
  logs.add(file, t, `node=${h} type=SYSCALL msg=audit(${stamp}): arch=c000003e syscall=59 success=yes exit=0 a0=55d0c2 a1=55d0c3 a2=55d0c4 a3=0 items=2 ppid=${g.int(800, 1999)} pid=${g.int(2000, 60000)} auid=${auid} uid=${uid} gid=${uid} euid=${uid} suid=${uid} fsuid=${uid} egid=${uid} sgid=${uid} fsgid=${uid} tty=(none) ses=${auid === 4294967295 ? 4294967295 : g.int(1, 400)} comm="${comm.slice(0, 15)}" exe="${exe}" key="exec"`);
  logs.add(file, t, `node=${h} type=EXECVE msg=audit(${stamp}): argc=${args.length} ${args.map((a, j) => (/[\s"]/.test(a) ? `a${j}=${Buffer.from(a).toString('hex').toUpperCase()}` : `a${j}="${a}"`)).join(' ')}`);
  logs.add(file, t, `node=${h} type=CWD msg=audit(${stamp}): cwd="${cwd}"`);
}

export function linuxDay(g: Gen, logs: LogSet, scale: number, serials: Map<string, number>): void {
  people(g, logs, scale);
  cronAndSystemd(g, logs, scale);
  mail(g, logs, scale);
  dns(g, logs, scale);
  bastionFirewall(g, logs, scale);
  rfc5424(g, logs, scale);
  audit(g, logs, scale, serials);
}
