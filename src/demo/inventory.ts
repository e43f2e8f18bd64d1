// The demo enterprise's inventory, in the formats src/attackgraph/inputs/load-dir.ts reads:
// our inventory YAML (hosts, services, accounts, firewall, principals, policy, crown jewels),
// an NVD API 2.0 page and a Trivy and a Grype report for the vulnerabilities, and the AWS
// account's describe-* and IAM authorization details. The CVE ids CVE-2026-99xxx are invented
// for the demo (no real advisory has them); their wording is ours.
import { stringify } from 'yaml';
import { AWS_ACCOUNT, BACKUP_BUCKET, CUSTOMER_BUCKET, EC2, EXPORT_ROLE, HOSTS, PEOPLE, SERVICE_ACCOUNTS, SUBNETS, type DemoHost } from './estate.ts';

/** The crown jewels: the shop database's files on db-1 and the customer data bucket. */
export const DB_GOAL = "accessFile('db-1', read, '/var/lib/postgresql/15/main')";
export const S3_GOAL = `cloudAccess('s3:arn:aws:s3:::${CUSTOMER_BUCKET}/*', read)`;

const SSHD = { program: 'sshd', protocol: 'tcp', port: 22, user: 'root' };

function services(h: DemoHost): object[] {
  switch (h.role) {
    case 'web': return h.name === 'web-1' ? [SSHD, { program: 'shop', protocol: 'tcp', port: 443, user: 'www-data', uid: SERVICE_ACCOUNTS.www.uid }] : [SSHD, { program: 'httpd', protocol: 'tcp', port: 443, user: 'www-data', uid: SERVICE_ACCOUNTS.www.uid }];
    case 'bastion': return [SSHD];
    case 'db': return [SSHD, { program: 'postgresql', protocol: 'tcp', port: 5432, user: 'postgres', uid: SERVICE_ACCOUNTS.postgres.uid }];
    case 'mail': return [SSHD, { program: 'postfix', protocol: 'tcp', port: 25, user: 'postfix' }];
    case 'dns': return [SSHD, { program: 'named', protocol: 'udp', port: 53, user: 'bind' }];
    case 'ci': return [SSHD, { program: 'jenkins', protocol: 'tcp', port: 8443, user: 'jenkins' }];
    case 'files': return [SSHD, { program: 'smbd', protocol: 'tcp', port: 445, user: 'root' }];
    case 'monitoring': return [SSHD, { program: 'grafana', protocol: 'tcp', port: 3000, user: 'grafana' }];
    case 'workstation': return [];
    case 'firewall': return [];
  }
}

function software(h: DemoHost): object[] {
  switch (h.role) {
    case 'web': return h.name === 'web-1' ? [{ name: 'shop', version: '2.3.1' }, { name: 'nginx', version: '1.22.1' }] : [{ name: 'httpd', version: '2.4.62' }];
    case 'mail': return [{ name: 'postfix', version: '3.7.11' }];
    case 'workstation': return [{ name: 'firefox', version: '128.3.0' }];
    default: return [];
  }
}

function accounts(h: DemoHost): object[] {
  // Numeric ids too: auditd records name accounts only by uid.
  const uid = (name: string | undefined) => PEOPLE.find((p) => p.name === name)?.uid;
  if (h.role === 'workstation') return [{ principal: h.owner, account: h.owner, uid: uid(h.owner) }];
  const out: { principal: string; account: string; uid: number | undefined }[] = [];
  const jobs: Record<string, string[]> = { ops: ['*'], dev: ['web', 'ci'], dba: ['db'] };
  for (const p of PEOPLE) {
    const where = jobs[p.job] ?? [];
    if (h.role === 'bastion' ? p.job !== 'office' : where.includes('*') || where.includes(h.role)) out.push({ principal: p.name, account: p.name, uid: p.uid });
  }
  if (['web', 'ci', 'db'].includes(h.role)) out.push({ principal: 'deploy', account: 'deploy', uid: SERVICE_ACCOUNTS.deploy.uid });
  // The backup job's AWS access key sits in /opt/backup/.aws/credentials on db-1, readable by the
  // deploy group: whoever runs code as deploy there holds the backup-svc principal too.
  if (h.role === 'db') out.push({ principal: 'backup-svc', account: 'deploy', uid: SERVICE_ACCOUNTS.deploy.uid });
  return out;
}

function hostEntry(h: DemoHost): object {
  const e: Record<string, unknown> = { name: h.name, subnet: h.zone };
  if (h.role === 'web') e['webServer'] = true;
  const sw = software(h);
  if (sw.length) e['software'] = sw;
  const sv = services(h);
  if (sv.length) e['services'] = sv;
  e['accounts'] = accounts(h);
  if (h.name === 'web-1') {
    // The sudo rule `www-data ALL=(root) NOPASSWD: /usr/bin/find` found by the audit.
    e['vulnerabilities'] = [{ id: 'ACME-AUDIT-2026-007', program: 'sudo' }];
    e['scanTargets'] = ['registry.acme.internal/shop:2.3.1'];
  }
  if (h.role === 'db') {
    // The shop database, and the shop's DB password in deploy's ~/.pgpass (for migrations).
    e['files'] = [
      { path: '/var/lib/postgresql/15/main', user: 'postgres', access: 'write' },
      { path: '/var/lib/postgresql/15/main', user: 'deploy', access: 'read' },
    ];
    e['scanTargets'] = ['db-1.acme.internal'];
  }
  if (h.role === 'files') e['nfsExports'] = [{ path: '/export/builds', client: 'ci-1', access: 'write' }];
  e['scanTargets'] = [...((e['scanTargets'] as string[] | undefined) ?? []), h.ip];
  return e;
}

export function inventoryYaml(): string {
  const inv = {
    attacker: ['internet'],
    principals: [
      ...PEOPLE.map((p) => ({ name: p.name, competent: p.job !== 'office' })),
      { name: 'deploy', competent: true },
      { name: 'backup-svc', competent: true },
    ],
    hosts: HOSTS.filter((h) => h.role !== 'firewall').map(hostEntry),
    firewall: [
      { from: 'internet', to: 'web-1', protocol: 'tcp', ports: [443] },
      { from: 'internet', to: 'web-2', protocol: 'tcp', ports: [443] },
      { from: 'internet', to: 'bastion', protocol: 'tcp', ports: [22] },
      { from: 'internet', to: 'mail-1', protocol: 'tcp', ports: [25] },
      { from: 'office', to: 'bastion', protocol: 'tcp', ports: [22] },
      { from: 'bastion', to: 'dmz', protocol: 'tcp', ports: [22] },
      { from: 'bastion', to: 'servers', protocol: 'tcp', ports: [22] },
      { from: 'bastion', to: 'mgmt', protocol: 'tcp', ports: [22] },
      // The shop talks to its database; ssh from the DMZ was opened for a migration and never closed.
      { from: 'dmz', to: 'db-1', protocol: 'tcp', ports: [5432, 22] },
      { from: 'ci-1', to: 'dmz', protocol: 'tcp', ports: [22] },
      { from: 'ci-1', to: 'db-1', protocol: 'tcp', ports: [22] },
      { from: 'ci-1', to: 'files-1', protocol: 'tcp', ports: [445] },
      { from: 'office', to: 'files-1', protocol: 'tcp', ports: [445] },
      { from: 'mon-1', to: 'servers', protocol: 'tcp', ports: [9100] },
      { from: 'mon-1', to: 'dmz', protocol: 'tcp', ports: [9100] },
      { from: 'office', to: 'internet', protocol: 'httpProtocol', ports: [80] },
    ],
    advisories: [
      // Our own audit finding: not in any feed, so its CVSS vector is declared here.
      { id: 'ACME-AUDIT-2026-007', vector: 'CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H' },
    ],
    policy: [
      { principal: 'carol', access: 'read', resource: 'db-1' },
      { principal: 'deploy', access: 'execCode', resource: 'web-1' },
      { principal: 'deploy', access: 'execCode', resource: 'web-2' },
      { principal: 'alice', access: 'execCode', resource: 'db-1' },
    ],
    goals: [DB_GOAL, S3_GOAL],
  };
  return `# Acme Shop, the StegoSOC demo enterprise (generated by demo/generate-logs.ts; do not edit).\n# Subnets: ${Object.entries(SUBNETS).map(([z, c]) => `${z} ${c}`).join(', ')}.\n${stringify(inv, { lineWidth: 0, aliasDuplicateObjects: false })}`;
}

const v31 = (vector: string, score: number) => ({ cvssMetricV31: [{ source: 'demo@acme.example', type: 'Primary', cvssData: { version: '3.1', vectorString: vector, baseScore: score } }] });
const cpe = (product: string, endExcluding: string) => [{ nodes: [{ operator: 'OR', negate: false, cpeMatch: [{ vulnerable: true, criteria: `cpe:2.3:a:acme:${product}:*:*:*:*:*:*:*:*`, versionEndExcluding: endExcluding }] }] }];

/** NVD API 2.0 page of our invented advisories (ids CVE-2026-99xxx, wording ours). */
export function nvdPage(): string {
  const cves = [
    { id: 'CVE-2026-99001', summary: 'Path traversal in the download handler and command injection in the template preview of Acme Shop before 2.3.4 let a remote unauthenticated attacker read files and run commands as the web server user.', vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', score: 9.8, product: 'shop', fixed: '2.3.4' },
    { id: 'CVE-2026-99002', summary: 'A crafted page can corrupt memory in the demo browser before 128.5 and run code as the user who opens it.', vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:H', score: 8.8, product: 'firefox', fixed: '128.5.0' },
    { id: 'CVE-2026-99003', summary: 'A header-parsing bug in the mail transfer agent before 3.7.12 lets a remote sender crash the SMTP daemon.', vector: 'CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:N/I:N/A:H', score: 5.9, product: 'postfix', fixed: '3.7.12' },
  ];
  return JSON.stringify({
    resultsPerPage: cves.length, startIndex: 0, totalResults: cves.length, format: 'NVD_CVE', version: '2.0', timestamp: '2026-11-27T00:00:00.000',
    vulnerabilities: cves.map((c) => ({ cve: { id: c.id, sourceIdentifier: 'demo@acme.example', published: '2026-11-02T10:00:00.000', vulnStatus: 'Analyzed', descriptions: [{ lang: 'en', value: c.summary }], metrics: v31(c.vector, c.score), configurations: cpe(c.product, c.fixed) } })),
  }, null, 2) + '\n';
}

/** Trivy's report on the shop's container image (runs on web-1). */
export function trivyReport(): string {
  const vuln = (id: string, pkg: string, installed: string, fixed: string, vector: string, severity: string, title: string) =>
    ({ VulnerabilityID: id, PkgName: pkg, InstalledVersion: installed, FixedVersion: fixed, Severity: severity, Title: title, CVSS: { nvd: { V3Vector: vector } } });
  return JSON.stringify({
    SchemaVersion: 2, CreatedAt: '2026-11-26T22:00:00Z', ArtifactName: 'registry.acme.internal/shop:2.3.1', ArtifactType: 'container_image',
    Results: [
      { Target: 'registry.acme.internal/shop:2.3.1 (debian 12.8)', Class: 'os-pkgs', Type: 'debian', Vulnerabilities: [
        vuln('CVE-2026-99010', 'libxml2', '2.9.14', '2.9.14+dfsg-1.4', 'CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:N/I:N/A:H', 'MEDIUM', 'libxml2: stack exhaustion on deeply nested documents'),
      ] },
      { Target: 'app/package-lock.json', Class: 'lang-pkgs', Type: 'npm', Vulnerabilities: [
        vuln('CVE-2026-99001', 'shop', '2.3.1', '2.3.4', 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', 'CRITICAL', 'shop: path traversal and command injection'),
      ] },
    ],
  }, null, 2) + '\n';
}

/** Grype's report on the database host. */
export function grypeReport(): string {
  const m = (id: string, name: string, version: string, vector: string, severity: string) => ({
    vulnerability: { id, severity, cvss: [{ version: '3.1', vector }] }, artifact: { name, version, type: 'deb' },
  });
  return JSON.stringify({
    matches: [
      m('CVE-2026-99020', 'postgresql-15', '15.8-0+deb12u1', 'CVSS:3.1/AV:N/AC:H/PR:L/UI:N/S:U/C:L/I:N/A:N', 'Low'),
      m('CVE-2026-99021', 'openssl', '3.0.14-1~deb12u2', 'CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:N/I:N/A:L', 'Low'),
    ],
    source: { type: 'image', target: 'db-1.acme.internal' },
    descriptor: { name: 'grype', version: '0.84.0' },
  }, null, 2) + '\n';
}

/** The AWS account: `aws ec2 describe-instances`, `describe-security-groups`, `describe-subnets`, `aws iam get-account-authorization-details`. */
export function awsExports(): Map<string, string> {
  const out = new Map<string, string>();
  const j = (x: unknown) => JSON.stringify(x, null, 2) + '\n';
  out.set('aws/describe-instances.json', j({
    Reservations: EC2.map((i) => ({ ReservationId: `r-${i.id.slice(2)}`, OwnerId: AWS_ACCOUNT, Instances: [{
      InstanceId: i.id, InstanceType: 't3.medium', PrivateIpAddress: i.ip, SubnetId: i.subnet, VpcId: 'vpc-0acme0001',
      SecurityGroups: [{ GroupId: 'sg-0batch0001', GroupName: 'batch' }], IamInstanceProfile: { Arn: `arn:aws:iam::${AWS_ACCOUNT}:instance-profile/${i.role}` },
      Tags: [{ Key: 'Name', Value: i.name }], State: { Name: 'running' },
    }] })),
  }));
  out.set('aws/describe-security-groups.json', j({
    SecurityGroups: [{ GroupId: 'sg-0batch0001', GroupName: 'batch', VpcId: 'vpc-0acme0001', IpPermissions: [
      { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '10.0.40.0/24', Description: 'mgmt over the VPN' }], UserIdGroupPairs: [] },
    ] }],
  }));
  out.set('aws/describe-subnets.json', j({ Subnets: [{ SubnetId: 'subnet-0aa10001', VpcId: 'vpc-0acme0001', CidrBlock: '172.31.10.0/24', AvailabilityZone: 'eu-west-1a' }] }));
  const doc = (...st: object[]) => ({ Version: '2012-10-17', Statement: st });
  const allow = (Action: string | string[], Resource: string | string[]) => ({ Effect: 'Allow', Action, Resource });
  const role = (name: string, policy: object, profile: boolean, trust: object) => ({
    RoleName: name, RoleId: `AROA${name.replace(/\W/g, '').toUpperCase().slice(0, 12)}`, Arn: `arn:aws:iam::${AWS_ACCOUNT}:role/${name}`, Path: '/',
    AssumeRolePolicyDocument: trust,
    InstanceProfileList: profile ? [{ InstanceProfileName: name, Arn: `arn:aws:iam::${AWS_ACCOUNT}:instance-profile/${name}` }] : [],
    RolePolicyList: [{ PolicyName: `${name}-inline`, PolicyDocument: policy }], AttachedManagedPolicies: [],
  });
  const ec2Trust = doc({ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' });
  const user = (name: string, inline: object[], managed: string[]) => ({
    UserName: name, UserId: `AIDA${name.replace(/\W/g, '').toUpperCase()}`, Arn: `arn:aws:iam::${AWS_ACCOUNT}:user/${name}`, Path: '/',
    UserPolicyList: inline.map((p, k) => ({ PolicyName: `${name}-${k}`, PolicyDocument: p })),
    AttachedManagedPolicies: managed.map((a) => ({ PolicyName: a.split('/').pop(), PolicyArn: a })),
  });
  const bucket = (b: string) => [`arn:aws:s3:::${b}`, `arn:aws:s3:::${b}/*`];
  out.set('aws/iam-authorization-details.json', j({
    UserDetailList: [
      user('alice', [], ['arn:aws:iam::aws:policy/AdministratorAccess']),
      user('bob', [doc(allow(['ec2:Describe*', 'logs:FilterLogEvents'], '*'))], []),
      user('carol', [doc(allow(['s3:GetObject', 's3:ListBucket'], bucket(BACKUP_BUCKET)))], []),
      // The backup job's key: writes dumps, and (too broadly) may assume the export role.
      user('backup-svc', [doc(allow(['s3:PutObject'], `arn:aws:s3:::${BACKUP_BUCKET}/*`), allow('sts:AssumeRole', `arn:aws:iam::${AWS_ACCOUNT}:role/${EXPORT_ROLE}`), allow('iam:CreateAccessKey', `arn:aws:iam::${AWS_ACCOUNT}:user/backup-svc`))], []),
    ],
    RoleDetailList: [
      role(EXPORT_ROLE, doc(allow(['s3:GetObject', 's3:ListBucket'], bucket(CUSTOMER_BUCKET))), false, doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${AWS_ACCOUNT}:root` }, Action: 'sts:AssumeRole' })),
      role('ec2-batch-role', doc(allow(['s3:GetObject', 's3:PutObject', 's3:ListBucket'], bucket(CUSTOMER_BUCKET))), true, ec2Trust),
      role('ec2-report-role', doc(allow(['s3:GetObject', 's3:PutObject'], bucket(BACKUP_BUCKET))), true, ec2Trust),
    ],
    Policies: [{ PolicyName: 'AdministratorAccess', Arn: 'arn:aws:iam::aws:policy/AdministratorAccess', DefaultVersionId: 'v1', PolicyVersionList: [{ VersionId: 'v1', IsDefaultVersion: true, Document: doc(allow('*', '*')) }] }],
  }));
  return out;
}

export function inventoryFiles(): Map<string, string> {
  const out = new Map<string, string>();
  out.set('estate.yaml', inventoryYaml());
  out.set('advisories/nvd-acme.json', nvdPage());
  out.set('scans/trivy-shop-image.json', trivyReport());
  out.set('scans/grype-db-1.json', grypeReport());
  for (const [k, v] of awsExports()) out.set(k, v);
  return out;
}

