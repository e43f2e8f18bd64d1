// A synthetic enterprise of N hosts, for the scale benchmark and for cross-checking the two
// evaluators: 50 hosts per subnet; subnet 0 is a DMZ the internet reaches on tcp/80; inside a
// subnet every host reaches every other on 80, 22 and 445; each subnet reaches the next on 22
// and 445 only. Per host, with fixed seeded probabilities: a web server (60%, 30% of them
// vulnerable), sshd running as root (80%, 10% vulnerable), an SMB server (30%, 30% vulnerable),
// a local privilege escalation (40%), and one user account shared with about ten other hosts.
// Facts use MulVAL's vocabulary, so the default interaction model applies unchanged.

export const HOSTS_PER_SUBNET = 50;

/** Receives generated facts; `sym` interns a constant once so hot loops pass integers. */
export interface FactSink {
  sym(name: string | number): number;
  fact(pred: string, args: readonly number[]): void;
  /** Optional hint: about `n` facts of `pred` are coming. */
  expect?(pred: string, arity: number, n: number): void;
}

import { seededRandom } from '../core/random.ts';

export { seededRandom };

export interface SyntheticEstate {
  hosts: number;
  subnets: number;
  /** Host names of the last subnet: the crown jewels the benchmark asks about. */
  crownJewels: string[];
}

export const hostName = (i: number): string => `h${i}`;

export function generateEnterprise(n: number, sink: FactSink, seed = 42): SyntheticEstate {
  const rnd = seededRandom(seed);
  const subnets = Math.ceil(n / HOSTS_PER_SUBNET);
  const host = Array.from({ length: n }, (_, i) => sink.sym(hostName(i)));
  const tcp = sink.sym('tcp');
  const p80 = sink.sym(80), p22 = sink.sym(22), p445 = sink.sym(445);
  const internet = sink.sym('internet');
  const [httpd, sshd, smbd, kernel] = ['httpd', 'sshd', 'smbd', 'kernel'].map((x) => sink.sym(x)) as [number, number, number, number];
  const [apache, root] = ['apache', 'root'].map((x) => sink.sym(x)) as [number, number];
  const remote = sink.sym('remoteExploit'), local = sink.sym('localExploit'), priv = sink.sym('privEscalation');
  // A handful of advisories shared by all hosts, as real estates share the same bugs.
  const cve = {
    web: sink.sym('CVE-SYN-0001'),
    ssh: sink.sym('CVE-SYN-0002'),
    smb: sink.sym('CVE-SYN-0003'),
    local: sink.sym('CVE-SYN-0004'),
  };
  sink.fact('vulProperty', [cve.web, remote, priv]);
  sink.fact('vulProperty', [cve.ssh, remote, priv]);
  sink.fact('vulProperty', [cve.smb, remote, priv]);
  sink.fact('vulProperty', [cve.local, local, priv]);
  sink.fact('attackerLocated', [internet]);

  // Each host reaches ~49 peers on 3 ports and 50 next-subnet hosts on 2.
  sink.expect?.('hacl', 4, n * (3 * (HOSTS_PER_SUBNET - 1) + 2 * HOSTS_PER_SUBNET));
  const subnetOf = (i: number) => Math.floor(i / HOSTS_PER_SUBNET);
  const members = (s: number) => {
    const out: number[] = [];
    for (let i = s * HOSTS_PER_SUBNET; i < Math.min(n, (s + 1) * HOSTS_PER_SUBNET); i++) out.push(i);
    return out;
  };
  for (let s = 0; s < subnets; s++) {
    const inside = members(s);
    for (const a of inside) {
      for (const b of inside) {
        if (a === b) continue;
        sink.fact('hacl', [host[a] as number, host[b] as number, tcp, p80]);
        sink.fact('hacl', [host[a] as number, host[b] as number, tcp, p22]);
        sink.fact('hacl', [host[a] as number, host[b] as number, tcp, p445]);
      }
    }
    if (s + 1 < subnets) {
      const nextSubnet = members(s + 1);
      for (const a of inside) {
        for (const b of nextSubnet) {
          sink.fact('hacl', [host[a] as number, host[b] as number, tcp, p22]);
          sink.fact('hacl', [host[a] as number, host[b] as number, tcp, p445]);
        }
      }
    }
  }
  const users = Math.max(1, Math.round(n / 10));
  const userSym = Array.from({ length: users }, (_, u) => sink.sym(`user${u}`));
  for (let i = 0; i < n; i++) {
    const h = host[i] as number;
    if (subnetOf(i) === 0) sink.fact('hacl', [internet, h, tcp, p80]);
    if (rnd() < 0.6) {
      sink.fact('networkServiceInfo', [h, httpd, tcp, p80, apache]);
      if (rnd() < 0.3) sink.fact('vulExists', [h, cve.web, httpd]);
    }
    if (rnd() < 0.8) {
      sink.fact('networkServiceInfo', [h, sshd, tcp, p22, root]);
      if (rnd() < 0.1) sink.fact('vulExists', [h, cve.ssh, sshd]);
    }
    if (rnd() < 0.3) {
      sink.fact('networkServiceInfo', [h, smbd, tcp, p445, root]);
      if (rnd() < 0.3) sink.fact('vulExists', [h, cve.smb, smbd]);
    }
    if (rnd() < 0.4) sink.fact('vulExists', [h, cve.local, kernel]);
    const u = userSym[Math.floor(rnd() * users)] as number;
    sink.fact('hasAccount', [u, h, u]);
  }
  const crownJewels = members(subnets - 1).map(hostName);
  return { hosts: n, subnets, crownJewels };
}
