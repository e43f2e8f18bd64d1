// `--inventory DIR`: every file under DIR is recognised by its content (inventory YAML/JSON,
// NVD API 2.0 page, CVE JSON 5 record, Trivy, Grype, Nessus v2, AWS describe-* / IAM JSON) and
// turned into facts. A file that is none of these is an error naming the file: nothing is
// skipped silently.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, extname } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { LocatedError } from '../../core/errors.ts';
import type { FactSink } from '../synthetic.ts';
import { Inventory, emitInventoryFacts, inventoryFindings, type InventoryData } from './inventory.ts';
import { readNvdPage } from './nvd.ts';
import { readCve5 } from './cve5.ts';
import { readTrivy } from './trivy.ts';
import { readGrype } from './grype.ts';
import { readNessus } from './nessus.ts';
import { mapCvss } from './cvss.ts';
import { matchSoftware } from './match.ts';
import { emitVulnFacts, type Advisory, type Finding } from './findings.ts';
import { classifyAws, emitAwsFacts, type AwsDocs } from './aws.ts';

export interface LoadedInputs {
  goals: string[];
  policy: InventoryData['policy'];
  likelihood: Map<string, number>;
  files: { file: string; kind: string }[];
  /** Vulnerability ids found on hosts with no advisory: reported, not guessed. */
  unknownVulns: string[];
  /** Host of each address the inventory names (IPv4/IPv6 scan targets): logs name hosts by address. */
  hostByAddress: Map<string, string>;
  /** Account name of each numeric id the inventory gives (accounts and service users). */
  accountByUid: Map<string, string>;
}

const ADDRESS = /^(\d{1,3}(\.\d{1,3}){3}|[0-9a-f:]*:[0-9a-f:]+)$/i;

function listFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir).sort()) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) out.push(...listFiles(p));
    else if (!e.startsWith('.') && !/^(LICENSE|SOURCE|README)/i.test(e)) out.push(p);
  }
  return out;
}

export function loadInventoryDir(dir: string, sink: FactSink): LoadedInputs {
  const inventories: InventoryData[] = [];
  const advisories: Advisory[] = [];
  const findings: Finding[] = [];
  const aws: AwsDocs = {};
  const files: { file: string; kind: string }[] = [];
  for (const file of listFiles(dir)) {
    const ext = extname(file).toLowerCase();
    const text = readFileSync(file, 'utf8');
    if (ext === '.nessus' || (ext === '.xml' && text.includes('NessusClientData_v2'))) {
      findings.push(...readNessus(text, { file }));
      files.push({ file, kind: 'nessus' });
      continue;
    }
    let doc: unknown;
    try {
      doc = ext === '.json' ? JSON.parse(text) : ext === '.yaml' || ext === '.yml' ? parseYaml(text) : undefined;
    } catch (err) {
      throw new LocatedError(`cannot parse: ${(err as Error).message}`, { file });
    }
    if (doc === undefined || doc === null || typeof doc !== 'object') throw new LocatedError('not an inventory, advisory, scan report or AWS export', { file });
    const o = doc as Record<string, unknown>;
    let kind: string;
    if ('vulnerabilities' in o && 'resultsPerPage' in o) { advisories.push(...readNvdPage(o, file)); kind = 'nvd'; }
    else if (o['dataType'] === 'CVE_RECORD') { const a = readCve5(o, file); if (a) advisories.push(a); kind = 'cve5'; }
    else if ('SchemaVersion' in o && 'Results' in o) { findings.push(...readTrivy(o, { file })); kind = 'trivy'; }
    else if ('matches' in o && Array.isArray(o['matches'])) { findings.push(...readGrype(o, { file })); kind = 'grype'; }
    else if (classifyAws(o, aws)) kind = 'aws';
    else if ('hosts' in o || 'firewall' in o || 'attacker' in o || 'goals' in o) {
      const parsed = Inventory.safeParse(o);
      if (!parsed.success) {
        const i = parsed.error.issues[0];
        throw new LocatedError(`invalid inventory at ${i?.path.join('.') || '(top)'}: ${i?.message}`, { file });
      }
      inventories.push(parsed.data);
      kind = 'inventory';
    } else {
      throw new LocatedError('not an inventory, advisory, scan report or AWS export', { file });
    }
    files.push({ file, kind });
  }
  const hostSubnets = new Map<string, string | undefined>();
  const targetToHost = new Map<string, string>();
  const hostByAddress = new Map<string, string>();
  const accountByUid = new Map<string, string>();
  for (const inv of inventories) {
    for (const h of inv.hosts) {
      hostSubnets.set(h.name, h.subnet);
      for (const t of h.scanTargets) {
        targetToHost.set(t, h.name);
        if (ADDRESS.test(t)) hostByAddress.set(t, h.name);
      }
      for (const a of [...h.accounts.map((x) => ({ uid: x.uid, name: x.account })), ...h.services.map((x) => ({ uid: x.uid, name: x.user }))]) {
        if (a.uid !== undefined && !accountByUid.has(String(a.uid))) accountByUid.set(String(a.uid), a.name);
      }
    }
  }
  for (const inv of inventories) {
    emitInventoryFacts(inv, sink, hostSubnets);
    findings.push(...inventoryFindings(inv));
    for (const a of inv.advisories) advisories.push({ id: a.id, property: mapCvss(a.vector), products: [] });
  }
  for (const inv of inventories) findings.push(...matchSoftware(inv, advisories));
  for (const f of findings) f.host = targetToHost.get(f.host) ?? f.host;
  const vulns = emitVulnFacts(findings, advisories, sink);
  emitAwsFacts(aws, sink);
  return {
    goals: inventories.flatMap((i) => i.goals),
    policy: inventories.flatMap((i) => i.policy),
    likelihood: vulns.likelihood,
    files,
    unknownVulns: vulns.unknown,
    hostByAddress,
    accountByUid,
  };
}
