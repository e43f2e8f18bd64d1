// The HTTP ingest benchmark's own generated data (written by us, deterministic): NDJSON
// events of the shape a log shipper forwards, raw RFC 3164 syslog lines of the kinds a
// bastion host writes (sshd, PAM, sudo, cron), and the user names queries filter on.
export const USERS = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'grace', 'heidi'];
const ACTIONS = ['login', 'logout', 'file-read', 'file-write', 'process-start', 'dns-query', 'http-request'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const COMMANDS = ['/usr/bin/systemctl restart nginx', '/usr/bin/apt-get update', '/usr/bin/journalctl -u sshd', '/usr/bin/tail -n 50 /var/log/syslog'];

/** What a batch holds: JSON lines (the /ingest/json route) or raw syslog lines (/ingest/raw). */
export type BatchKind = 'json' | 'raw';

/** Worker w's batch seq alternates kinds, so the stream is half of each. */
export const kindOf = (worker: number, seq: number): BatchKind => ((worker + seq) % 2 === 0 ? 'json' : 'raw');

const ipOf = (k: number) => `10.${(k >> 16) & 255}.${(k >> 8) & 255}.${k & 255}`;
const two = (n: number) => String(n).padStart(2, '0');

/** `Nov 27 08:11:17`, the RFC 3164 timestamp (no year, space-padded day). */
function syslogTime(ms: number): string {
  const d = new Date(ms);
  return `${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, ' ')} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`;
}

/** One raw syslog line for key k: the message kinds a bastion's auth log is made of. */
function syslogLine(k: number, start: number, worker: number): string {
  const at = syslogTime(start + (k % 86_400) * 1000);
  const host = `host-${k % 20}`;
  const user = USERS[k % USERS.length] as string;
  const pid = 1000 + (k % 30000);
  // One line in 50 a failed password (what L1's rules fire on), the rest routine traffic.
  if (k % 50 === 1) return `${at} ${host} sshd[${pid}]: Failed password for ${k % 3 === 0 ? 'invalid user ' : ''}${user} from ${ipOf(k)} port ${1024 + (k % 60000)} ssh2`;
  switch (k % 5) {
    case 0: return `${at} ${host} sshd[${pid}]: Accepted publickey for ${user} from ${ipOf(k)} port ${1024 + (k % 60000)} ssh2: ED25519 SHA256:w${worker}k${k % 9973}`;
    case 1: return `${at} ${host} sshd[${pid}]: pam_unix(sshd:session): session opened for user ${user}(uid=${1000 + (k % 8)}) by (uid=0)`;
    case 2: return `${at} ${host} sudo: ${user} : TTY=pts/${k % 4} ; PWD=/home/${user} ; USER=root ; COMMAND=${COMMANDS[k % COMMANDS.length]}`;
    case 3: return `${at} ${host} CRON[${pid}]: (root) CMD (/usr/local/bin/backup --incremental ${k % 97})`;
    default: return `${at} ${host} sshd[${pid}]: Disconnected from user ${user} ${ipOf(k)} port ${1024 + (k % 60000)}`;
  }
}

/** Deterministic NDJSON lines, shaped like what Vector or Fluent Bit forward (ECS-style). */
function jsonLine(k: number, start: number, worker: number, seq: number): string {
  return JSON.stringify({
    '@timestamp': new Date(start + (k % 86_400) * 1000).toISOString(),
    host: { name: `host-${k % 20}` },
    user: { name: USERS[k % USERS.length] },
    source: { ip: ipOf(k), port: 1024 + (k % 60000) },
    event: { action: ACTIONS[k % ACTIONS.length], outcome: k % 13 === 0 ? 'failure' : 'success' },
    message: `request ${k} from worker ${worker} seq ${seq} took ${k % 997} ms`,
  });
}

/** Batch seq of worker w: n lines of its kind (kindOf), newline-terminated. */
export function batchBody(worker: number, seq: number, n: number, start: number, kind: BatchKind = kindOf(worker, seq)): string {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const k = (worker * 1_000_003 + seq * n + i) >>> 0;
    out.push(kind === 'json' ? jsonLine(k, start, worker, seq) : syslogLine(k, start, worker));
  }
  return `${out.join('\n')}\n`;
}
