// An AWS account as facts: instances and RDS databases become hosts in subnets, security
// groups become hacl facts (0.0.0.0/0 or any public range -> from `internet`, only for instances with a public
// address; group references and private CIDRs -> from the matching instances), instance
// profiles become instanceRole(instance, role), and IAM authorization details become
// iamAllows(principal, read|write|assume|admin, resource) for the cloud rules.
import type { FactSink } from '../synthetic.ts';

export interface AwsDocs {
  instances?: Record<string, unknown>[];
  securityGroups?: Record<string, unknown>[];
  subnets?: Record<string, unknown>[];
  vpcs?: Record<string, unknown>[];
  iam?: Record<string, unknown>;
  rds?: Record<string, unknown>[];
}

const arr = (x: unknown): Record<string, unknown>[] => (Array.isArray(x) ? (x as Record<string, unknown>[]) : []);
const str = (x: unknown): string | undefined => (typeof x === 'string' ? x : undefined);

/** Files an AWS response into `docs` by its top-level key; false when it is not one. */
export function classifyAws(o: Record<string, unknown>, docs: AwsDocs): boolean {
  if (Array.isArray(o['Reservations'])) { docs.instances = [...(docs.instances ?? []), ...arr(o['Reservations']).flatMap((r) => arr(r['Instances']))]; return true; }
  if (Array.isArray(o['SecurityGroups'])) { docs.securityGroups = [...(docs.securityGroups ?? []), ...arr(o['SecurityGroups'])]; return true; }
  if (Array.isArray(o['Subnets'])) { docs.subnets = [...(docs.subnets ?? []), ...arr(o['Subnets'])]; return true; }
  if (Array.isArray(o['Vpcs'])) { docs.vpcs = [...(docs.vpcs ?? []), ...arr(o['Vpcs'])]; return true; }
  if (Array.isArray(o['RoleDetailList'])) { docs.iam = o; return true; }
  if (Array.isArray(o['DBInstances'])) { docs.rds = [...(docs.rds ?? []), ...arr(o['DBInstances'])]; return true; }
  // Other AWS responses we read nothing from yet (load balancers, ENIs, endpoints, summary).
  return ['LoadBalancerDescriptions', 'LoadBalancers', 'NetworkInterfaces', 'VpcEndpoints', 'VpcPeeringConnections', 'SummaryMap'].some((k) => k in o);
}

function ipToInt(ip: string): number {
  return ip.split('.').reduce((acc, p) => acc * 256 + Number(p), 0);
}

export function cidrContains(cidr: string, ip: string): boolean {
  const [base, bitsText] = cidr.split('/');
  const bits = Number(bitsText ?? 32);
  if (!base || !Number.isInteger(bits)) return false;
  const size = 2 ** (32 - bits);
  const start = Math.floor(ipToInt(base) / size) * size;
  const x = ipToInt(ip);
  return x >= start && x < start + size;
}

function isPrivate(cidr: string): boolean {
  const ip = cidr.split('/')[0] ?? '';
  return cidrContains('10.0.0.0/8', ip) || cidrContains('172.16.0.0/12', ip) || cidrContains('192.168.0.0/16', ip);
}

/** The largest port range expanded into single-port hacl facts; wider ranges become `anyPort`. */
const MAX_RANGE = 64;

/** IAM actions to the access they give. */
function accessOf(action: string): string[] {
  const a = action.toLowerCase();
  if (a === '*' || a === 'iam:*' || a === 'iam:passrole' || a.startsWith('iam:attach') || a.startsWith('iam:put')) return ['admin'];
  if (a === 'sts:assumerole' || a === 'sts:*') return ['assume'];
  const out: string[] = [];
  const [svc, verb = ''] = a.split(':');
  if (svc === 's3' || svc === 'rds' || svc === 'rds-db' || svc === 'dynamodb' || svc === 'secretsmanager') {
    if (verb === '*' || verb.startsWith('get') || verb.startsWith('list') || verb.startsWith('describe') || verb === 'connect') out.push('read');
    if (verb === '*' || verb.startsWith('put') || verb.startsWith('delete') || verb.startsWith('create') || verb.startsWith('modify')) out.push('write');
  }
  return out;
}

type Statement = { Effect?: string; Action?: string | string[]; Resource?: string | string[] };

function statements(doc: unknown): Statement[] {
  if (!doc || typeof doc !== 'object') return [];
  const s = (doc as { Statement?: Statement | Statement[] }).Statement;
  return s === undefined ? [] : Array.isArray(s) ? s : [s];
}

export function emitAwsFacts(docs: AwsDocs, sink: FactSink): void {
  const s = (x: string | number) => sink.sym(x);
  const hosts: { id: string; ip?: string; publicIp?: string; groups: string[] }[] = [];
  for (const i of docs.instances ?? []) {
    const id = str(i['InstanceId']);
    if (!id) continue;
    const groups = arr(i['SecurityGroups']).map((g) => str(g['GroupId'])).filter((g): g is string => !!g);
    hosts.push({ id, ip: str(i['PrivateIpAddress']), publicIp: str(i['PublicIpAddress']), groups });
    const subnet = str(i['SubnetId']);
    if (subnet) sink.fact('inSubnet', [s(id), s(subnet)]);
    const profile = str((i['IamInstanceProfile'] as Record<string, unknown> | undefined)?.['Arn']);
    if (profile) {
      for (const r of arr(docs.iam?.['RoleDetailList'])) {
        if (arr(r['InstanceProfileList']).some((p) => p['Arn'] === profile)) sink.fact('instanceRole', [s(id), s(String(r['RoleName']))]);
      }
    }
  }
  for (const d of docs.rds ?? []) {
    const id = str(d['DBInstanceIdentifier']);
    if (!id) continue;
    const groups = arr(d['VpcSecurityGroups']).map((g) => str(g['VpcSecurityGroupId'])).filter((g): g is string => !!g);
    hosts.push({ id, publicIp: d['PubliclyAccessible'] ? 'public' : undefined, groups });
    const port = Number((d['Endpoint'] as Record<string, unknown> | undefined)?.['Port'] ?? 0);
    const engine = str(d['Engine']) ?? 'database';
    if (port) sink.fact('networkServiceInfo', [s(id), s(engine), s('tcp'), s(port), s(str(d['MasterUsername']) ?? 'master')]);
    sink.fact('dataStore', [s(id), s('rds')]);
  }
  const inGroup = (g: string) => hosts.filter((h) => h.groups.includes(g));
  for (const sg of docs.securityGroups ?? []) {
    const gid = str(sg['GroupId']);
    if (!gid) continue;
    const targets = inGroup(gid);
    for (const perm of arr(sg['IpPermissions'])) {
      const proto = String(perm['IpProtocol'] ?? 'tcp');
      const from = Number(perm['FromPort'] ?? -1);
      const to = Number(perm['ToPort'] ?? -1);
      const ports: (number | string)[] = proto === '-1' || from < 0 ? ['anyPort'] : to - from + 1 > MAX_RANGE ? ['anyPort'] : Array.from({ length: to - from + 1 }, (_, k) => from + k);
      const protoName = proto === '-1' ? 'anyProtocol' : proto;
      const sources = new Set<string>();
      for (const r of arr(perm['IpRanges'])) {
        const cidr = str(r['CidrIp']);
        if (!cidr) continue;
        // A public range (anything outside RFC 1918) is somewhere on the internet: counted as
        // the internet, since an attacker may control or spoof an allowed address there.
        if (cidr === '0.0.0.0/0' || !isPrivate(cidr)) sources.add('internet');
        for (const h of hosts) if (h.ip && cidrContains(cidr, h.ip)) sources.add(h.id);
      }
      for (const p of arr(perm['UserIdGroupPairs'])) {
        const g = str(p['GroupId']);
        if (g) for (const h of inGroup(g)) sources.add(h.id);
      }
      for (const t of targets) {
        for (const src of sources) {
          // The internet reaches only instances with a public address.
          if (src === t.id || (src === 'internet' && !t.publicIp)) continue;
          for (const port of ports) sink.fact('hacl', [s(src), s(t.id), s(protoName), s(port)]);
        }
      }
    }
  }
  const iam = docs.iam;
  if (!iam) return;
  const managed = new Map<string, unknown>();
  for (const p of arr(iam['Policies'])) {
    const def = arr(p['PolicyVersionList']).find((v) => v['IsDefaultVersion']);
    if (def) managed.set(String(p['Arn']), def['Document']);
  }
  const roleByArn = new Map(arr(iam['RoleDetailList']).map((r) => [String(r['Arn']), String(r['RoleName'])]));
  const emitPolicies = (principal: string, inline: unknown[], attached: unknown[]) => {
    const docsOf = [...inline, ...attached.map((a) => managed.get(String((a as Record<string, unknown>)['PolicyArn'])))];
    for (const doc of docsOf) {
      for (const st of statements(doc)) {
        if (st.Effect !== 'Allow') continue;
        const actions = Array.isArray(st.Action) ? st.Action : st.Action ? [st.Action] : [];
        const resources = Array.isArray(st.Resource) ? st.Resource : st.Resource ? [st.Resource] : ['*'];
        for (const action of actions) {
          for (const access of accessOf(action)) {
            for (const res of resources) {
              if (access === 'assume') {
                for (const [arn, role] of roleByArn) if (res === '*' || res === arn) sink.fact('iamAllows', [s(principal), s('assume'), s(role)]);
              } else {
                const svc = action.split(':')[0] ?? '*';
                sink.fact('iamAllows', [s(principal), s(access), s(svc === '*' ? res : `${svc}:${res}`)]);
              }
            }
          }
        }
      }
    }
  };
  for (const r of arr(iam['RoleDetailList'])) {
    emitPolicies(String(r['RoleName']), arr(r['RolePolicyList']).map((p) => p['PolicyDocument']), arr(r['AttachedManagedPolicies']));
  }
  for (const u of arr(iam['UserDetailList'])) {
    emitPolicies(String(u['UserName']), arr(u['UserPolicyList']).map((p) => p['PolicyDocument']), arr(u['AttachedManagedPolicies']));
  }
}
