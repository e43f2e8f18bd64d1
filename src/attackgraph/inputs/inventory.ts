// Our inventory format (YAML or JSON). The zod schema below is its documentation: every field,
// its default, and what it becomes in the interaction model (MulVAL's vocabulary).
import { z } from 'zod';
import type { FactSink } from '../synthetic.ts';
import type { Finding } from './findings.ts';

const name = z.string().min(1);
const port = z.number().int().min(0).max(65535);

export const Service = z.object({
  /** Program name; findings name the same program (`httpd`, `sshd`, `smbd`). */
  program: name,
  protocol: z.string().default('tcp'),
  port,
  /** The account the service runs as: what its exploitation yields. */
  user: name,
  /** That account's numeric id, so alerts from logs that carry only ids (auditd) name it. */
  uid: z.number().int().nonnegative().optional(),
}).strict();

export const Host = z.object({
  name,
  /** Subnet (zone) the host is in; firewall rules may name it. */
  subnet: name.optional(),
  /** The host serves web pages to users (a compromised one can attack browsers). */
  webServer: z.boolean().default(false),
  /** Installed software, matched against advisory products (name and version range). */
  software: z.array(z.object({ name, version: z.string().optional() }).strict()).default([]),
  /** Network services -> networkServiceInfo(host, program, protocol, port, user). */
  services: z.array(Service).default([]),
  /** Who has which account -> hasAccount(principal, host, account). */
  accounts: z.array(z.object({ principal: name, account: name, uid: z.number().int().nonnegative().optional() }).strict()).default([]),
  /** File permissions -> localFileProtection(host, user, access, path). */
  files: z.array(z.object({ path: name, user: name, access: z.enum(['read', 'write']) }).strict()).default([]),
  /** NFS exports -> nfsExportInfo(host, path, access, client). */
  nfsExports: z.array(z.object({ path: name, client: name, access: z.enum(['read', 'write']) }).strict()).default([]),
  /** NFS mounts -> nfsMounted(host, path, server, serverPath, access). */
  nfsMounts: z.array(z.object({ path: name, server: name, serverPath: name, access: z.enum(['read', 'write']) }).strict()).default([]),
  /** Known vulnerabilities (e.g. from a manual assessment) -> vulExists(host, id, program). */
  vulnerabilities: z.array(z.object({ id: name, program: name }).strict()).default([]),
  /** Names under which scanners report this host (image names, IPs). */
  scanTargets: z.array(name).default([]),
}).strict();

export const FirewallRule = z.object({
  /** A host, a subnet name, or `internet`. */
  from: name,
  to: name,
  protocol: z.string().default('tcp'),
  ports: z.array(port).min(1),
}).strict();

export const Inventory = z.object({
  /** Where the attacker starts -> attackerLocated(zone). */
  attacker: z.array(name).default(['internet']),
  hosts: z.array(Host).default([]),
  /** Allowed flows -> hacl(src, dst, protocol, port) for every host pair they cover. */
  firewall: z.array(FirewallRule).default([]),
  /** Users; `competent: false` means likely to open malicious content. */
  principals: z.array(z.object({ name, competent: z.boolean().default(false) }).strict()).default([]),
  /** Local advisories for ids no advisory feed knows: CVSS vector per id. */
  advisories: z.array(z.object({ id: name, vector: z.string() }).strict()).default([]),
  /** Permitted access (anything else the attacker reaches is a violation). */
  policy: z.array(z.object({ principal: name, access: z.enum(['execCode', 'read', 'write']), resource: name }).strict()).default([]),
  /** Crown jewels, as facts: `execCode(db1, root)`, `accessFile(fs1, write, '/etc')`. */
  goals: z.array(z.string()).default([]),
}).strict();

export type InventoryData = z.infer<typeof Inventory>;

/** Emits the facts of one inventory; firewall names resolve against all inventories' hosts. */
export function emitInventoryFacts(inv: InventoryData, sink: FactSink, allHosts: ReadonlyMap<string, string | undefined>): void {
  const s = (x: string | number) => sink.sym(x);
  for (const a of inv.attacker) sink.fact('attackerLocated', [s(a)]);
  for (const p of inv.principals) sink.fact(p.competent ? 'competent' : 'inCompetent', [s(p.name)]);
  for (const h of inv.hosts) {
    const H = s(h.name);
    if (h.subnet) sink.fact('inSubnet', [H, s(h.subnet)]);
    if (h.webServer) sink.fact('isWebServer', [H]);
    for (const sv of h.services) sink.fact('networkServiceInfo', [H, s(sv.program), s(sv.protocol), s(sv.port), s(sv.user)]);
    for (const a of h.accounts) sink.fact('hasAccount', [s(a.principal), H, s(a.account)]);
    for (const f of h.files) sink.fact('localFileProtection', [H, s(f.user), s(f.access), s(f.path)]);
    for (const e of h.nfsExports) sink.fact('nfsExportInfo', [H, s(e.path), s(e.access), s(e.client)]);
    for (const m of h.nfsMounts) sink.fact('nfsMounted', [H, s(m.path), s(m.server), s(m.serverPath), s(m.access)]);
  }
  const members = (who: string): string[] => {
    if (allHosts.has(who)) return [who];
    const inSubnet = [...allHosts].filter(([, subnet]) => subnet === who).map(([h]) => h);
    return inSubnet.length > 0 ? inSubnet : [who]; // `internet` or another zone without hosts
  };
  for (const r of inv.firewall) {
    for (const a of members(r.from)) {
      for (const b of members(r.to)) {
        if (a === b) continue;
        for (const p of r.ports) sink.fact('hacl', [s(a), s(b), s(r.protocol), s(p)]);
      }
    }
  }
}

export function inventoryFindings(inv: InventoryData): Finding[] {
  return inv.hosts.flatMap((h) => h.vulnerabilities.map((v) => ({ host: h.name, vulnId: v.id, program: v.program })));
}

/** Compares dotted versions part by part, numerically where both parts are numbers. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split(/[.\-_+:~]/);
  const pb = b.split(/[.\-_+:~]/);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i] ?? '0';
    const y = pb[i] ?? '0';
    const nx = Number(x), ny = Number(y);
    const c = Number.isFinite(nx) && Number.isFinite(ny) ? nx - ny : x.localeCompare(y);
    if (c !== 0) return Math.sign(c);
  }
  return 0;
}
