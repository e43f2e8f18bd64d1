// The demo enterprise, "Acme Shop": one small company's hosts, networks, people and cloud
// account. Everything the generator writes (logs, inventory, scans, AWS exports) is derived
// from these constants, so a host name in a log line is the same name the attack graph uses.

/** The day the demo logs cover (UTC). */
export const DAY_START = Date.UTC(2026, 10, 27, 0, 0, 0);
export const HOUR = 3_600_000;
export const DAY_END = DAY_START + 24 * HOUR;
export const DEFAULT_SEED = 20261127;

/** The attacker's address (all steps from the internet come from here). */
export const ATTACKER_IP = '203.0.113.66';
/** The attacker's hosting for payloads (same address: the story stays readable). */
export const ATTACKER_SET = [ATTACKER_IP] as const;

export const AWS_ACCOUNT = '123456789012';
export const AWS_REGION = 'eu-west-1';
export const CUSTOMER_BUCKET = 'acme-customer-data';
export const BACKUP_BUCKET = 'acme-backups';

export type Zone = 'dmz' | 'servers' | 'office' | 'mgmt';

export const SUBNETS: Record<Zone, string> = {
  dmz: '10.0.10.0/24',
  servers: '10.0.20.0/24',
  office: '10.0.30.0/24',
  mgmt: '10.0.40.0/24',
};

export type Role = 'web' | 'bastion' | 'db' | 'mail' | 'dns' | 'ci' | 'files' | 'monitoring' | 'firewall' | 'workstation';

export interface DemoHost {
  name: string;
  ip: string;
  zone: Zone;
  role: Role;
  os: 'linux' | 'windows';
  /** The workstation's user (workstations only). */
  owner?: string;
}

const ws = (n: number, owner: string): DemoHost => ({
  name: `ws-${String(n).padStart(2, '0')}`, ip: `10.0.30.${100 + n}`, zone: 'office', role: 'workstation', os: 'windows', owner,
});

export const HOSTS: readonly DemoHost[] = [
  { name: 'fw-1', ip: '10.0.40.1', zone: 'mgmt', role: 'firewall', os: 'linux' },
  { name: 'web-1', ip: '10.0.10.11', zone: 'dmz', role: 'web', os: 'linux' },
  { name: 'web-2', ip: '10.0.10.12', zone: 'dmz', role: 'web', os: 'linux' },
  { name: 'bastion', ip: '10.0.10.5', zone: 'dmz', role: 'bastion', os: 'linux' },
  { name: 'mail-1', ip: '10.0.10.25', zone: 'dmz', role: 'mail', os: 'linux' },
  { name: 'db-1', ip: '10.0.20.21', zone: 'servers', role: 'db', os: 'linux' },
  { name: 'ns-1', ip: '10.0.20.53', zone: 'servers', role: 'dns', os: 'linux' },
  { name: 'ci-1', ip: '10.0.20.31', zone: 'servers', role: 'ci', os: 'linux' },
  { name: 'files-1', ip: '10.0.20.41', zone: 'servers', role: 'files', os: 'linux' },
  { name: 'mon-1', ip: '10.0.40.10', zone: 'mgmt', role: 'monitoring', os: 'linux' },
  ws(1, 'alice'), ws(2, 'bob'), ws(3, 'carol'), ws(4, 'dave'), ws(5, 'erin'), ws(6, 'frank'), ws(7, 'grace'), ws(8, 'heidi'),
];

export const host = (name: string): DemoHost => {
  const h = HOSTS.find((x) => x.name === name);
  if (!h) throw new Error(`no demo host ${name}`);
  return h;
};
export const LINUX_SERVERS = HOSTS.filter((h) => h.os === 'linux' && h.role !== 'firewall');
export const WORKSTATIONS = HOSTS.filter((h) => h.role === 'workstation');

export interface Person {
  name: string;
  uid: number;
  /** What the person does; decides where they log in. */
  job: 'ops' | 'dev' | 'dba' | 'office';
}

export const PEOPLE: readonly Person[] = [
  { name: 'alice', uid: 1001, job: 'ops' },
  { name: 'bob', uid: 1002, job: 'dev' },
  { name: 'carol', uid: 1003, job: 'dba' },
  { name: 'dave', uid: 1004, job: 'dev' },
  { name: 'erin', uid: 1005, job: 'office' },
  { name: 'frank', uid: 1006, job: 'office' },
  { name: 'grace', uid: 1007, job: 'office' },
  { name: 'heidi', uid: 1008, job: 'ops' },
];

/** Service accounts on the Linux hosts. */
export const SERVICE_ACCOUNTS = { www: { name: 'www-data', uid: 33 }, deploy: { name: 'deploy', uid: 1100 }, backup: { name: 'backup', uid: 34 }, postgres: { name: 'postgres', uid: 111 } } as const;

/** The EC2 instances of the AWS account (the batch and reporting jobs). */
export const EC2 = [
  { id: 'i-0a1b2c3d4e5f60001', name: 'batch-1', ip: '172.31.10.21', subnet: 'subnet-0aa10001', role: 'ec2-batch-role' },
  { id: 'i-0a1b2c3d4e5f60002', name: 'report-1', ip: '172.31.10.22', subnet: 'subnet-0aa10001', role: 'ec2-report-role' },
] as const;

/** IAM users (people who use the console/CLI, and the backup job's key). */
export const IAM_USERS = ['alice', 'bob', 'carol', 'backup-svc'] as const;
export const EXPORT_ROLE = 'data-export-role';

/** Internet clients of the shop (documentation ranges, never the attacker's address). */
export function internetIp(r: () => number): string {
  const nets = ['198.51.100', '192.0.2', '203.0.113'];
  for (;;) {
    const ip = `${nets[Math.floor(r() * nets.length)]}.${1 + Math.floor(r() * 253)}`;
    if (ip !== ATTACKER_IP) return ip;
  }
}
