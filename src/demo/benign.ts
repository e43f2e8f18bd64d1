// The ordinary day's own alerts: two things people in the company do that a rule rightly flags
// but that are no attack, so the console has something to triage and mark as a false positive
// (which feeds the tenant's L1 filter). The tests expect exactly these alerts outside the attack.
import { DAY_START, HOUR, PEOPLE, host } from './estate.ts';
import { Gen, LogSet, syslogTime } from './gen.ts';
import { fwLine } from './day-other.ts';

export interface BenignAlert {
  at: number;
  host: string;
  rule: string;
  why: string;
}

const T = (h: number, m: number) => DAY_START + h * HOUR + m * 60_000;

export const BENIGN_ALERTS: readonly BenignAlert[] = [
  { at: T(10, 12), host: 'web-2', rule: 'Sudo Password Failures', why: 'alice mistyped her password three times restarting Apache' },
  { at: T(11, 30), host: 'mon-1', rule: 'Port Scan Through The Firewall', why: 'the monitoring host\'s weekly service inventory (nmap) of the server network' },
];

export function benign(g: Gen, logs: LogSet): void {
  const alice = PEOPLE.find((p) => p.name === 'alice');
  let t = BENIGN_ALERTS[0]?.at ?? 0;
  logs.add('syslog/auth.log', t, `${syslogTime(t)} web-2 sudo: pam_unix(sudo:auth): authentication failure; logname=alice uid=${alice?.uid} euid=0 tty=/dev/pts/1 ruser=alice rhost=  user=alice`);
  t += 8000;
  logs.add('syslog/auth.log', t, `${syslogTime(t)} web-2 sudo:    alice : 3 incorrect password attempts ; TTY=pts/1 ; PWD=/home/alice ; USER=root ; COMMAND=/usr/bin/systemctl restart apache2`);
  t = BENIGN_ALERTS[1]?.at ?? 0;
  const mon = host('mon-1').ip;
  for (const target of ['db-1', 'ns-1', 'ci-1', 'files-1']) {
    for (const port of [21, 23, 25, 80, 110, 139, 143, 443, 445, 993, 1433, 3306, 3389, 5900, 6379, 8080, 8443, 9200]) {
      t += g.int(20, 200);
      logs.add('fw-1/traffic.log', t, fwLine(t, g, mon, host(target).ip, port, 'deny', 'mgmt', 'servers'));
    }
  }
}
