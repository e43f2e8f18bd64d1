// Nessus v2 XML (`.nessus`): per ReportHost, every ReportItem that names CVEs becomes findings
// on that host's port and service, with the item's CVSS vector (v3 preferred).
import { XMLParser } from 'fast-xml-parser';
import { LocatedError } from '../../core/errors.ts';
import { mapCvss } from './cvss.ts';
import type { Finding } from './findings.ts';

const asArray = <T>(x: T | T[] | undefined): T[] => (x === undefined ? [] : Array.isArray(x) ? x : [x]);

export function readNessus(xml: string, opts: { file?: string } = {}): Finding[] {
  const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', parseTagValue: false, isArray: (name) => name === 'ReportHost' || name === 'ReportItem' || name === 'cve' });
  let doc: Record<string, unknown>;
  try {
    doc = parser.parse(xml) as Record<string, unknown>;
  } catch (err) {
    throw new LocatedError(`not well-formed XML: ${(err as Error).message}`, { file: opts.file });
  }
  const root = doc['NessusClientData_v2'] as { Report?: { ReportHost?: unknown[] } } | undefined;
  if (!root) throw new LocatedError('not a Nessus v2 file (no NessusClientData_v2 element)', { file: opts.file });
  const out: Finding[] = [];
  for (const h of asArray(root.Report?.ReportHost) as Record<string, unknown>[]) {
    const host = String(h['@name'] ?? '');
    if (!host) continue;
    for (const item of asArray(h['ReportItem'] as unknown[]) as Record<string, unknown>[]) {
      const cves = asArray(item['cve'] as string[] | undefined).map(String);
      if (cves.length === 0) continue;
      const vector = (item['cvss3_vector'] as string | undefined) ?? (item['cvss_vector'] as string | undefined);
      const property = vector ? mapCvss(String(vector), { file: opts.file }) : undefined;
      const port = Number(item['@port'] ?? 0);
      const program = String(item['@svc_name'] ?? 'unknown').replace(/\?$/, '');
      for (const cve of cves) out.push({ host, vulnId: cve, program, port, protocol: String(item['@protocol'] ?? 'tcp'), property });
    }
  }
  return out;
}
