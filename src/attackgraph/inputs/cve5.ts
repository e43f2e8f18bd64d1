// CVE JSON 5 records (CVE Record Format): CVSS from the CNA container, else from an ADP
// container (CISA's vulnrichment adds v3.1 vectors), and the affected products.
import { z } from 'zod';
import { LocatedError } from '../../core/errors.ts';
import { mapCvss } from './cvss.ts';
import type { Advisory, AffectedProduct } from './findings.ts';

const Metric = z.object({
  cvssV3_1: z.object({ vectorString: z.string() }).optional(),
  cvssV3_0: z.object({ vectorString: z.string() }).optional(),
  cvssV2_0: z.object({ vectorString: z.string() }).optional(),
}).passthrough();
const Container = z.object({
  metrics: z.array(Metric).optional(),
  affected: z.array(z.object({
    vendor: z.string().optional(),
    product: z.string().optional(),
    packageName: z.string().optional(),
    versions: z.array(z.object({ version: z.string(), status: z.string(), lessThan: z.string().optional(), lessThanOrEqual: z.string().optional() })).optional(),
  })).optional(),
}).passthrough();
export const Cve5Record = z.object({
  dataType: z.literal('CVE_RECORD'),
  cveMetadata: z.object({ cveId: z.string() }),
  containers: z.object({ cna: Container, adp: z.array(Container).optional() }),
});

function vectorOf(c: z.infer<typeof Container> | undefined): string | undefined {
  for (const m of c?.metrics ?? []) {
    const v = m.cvssV3_1?.vectorString ?? m.cvssV3_0?.vectorString;
    if (v) return v;
  }
  for (const m of c?.metrics ?? []) if (m.cvssV2_0?.vectorString) return m.cvssV2_0.vectorString;
  return undefined;
}

/** One record, or undefined when it carries no CVSS vector at all. */
export function readCve5(json: unknown, file?: string): Advisory | undefined {
  const parsed = Cve5Record.safeParse(json);
  if (!parsed.success) throw new LocatedError(`not a CVE JSON 5 record: ${parsed.error.issues[0]?.path.join('.')} ${parsed.error.issues[0]?.message}`, { file });
  const { cna, adp } = parsed.data.containers;
  const vector = vectorOf(cna) ?? (adp ?? []).map(vectorOf).find((v) => v !== undefined);
  if (!vector) return undefined;
  const products: AffectedProduct[] = [];
  for (const a of cna.affected ?? []) {
    const product = (a.packageName ?? a.product ?? '').toLowerCase();
    if (!product) continue;
    for (const v of a.versions ?? []) {
      if (v.status !== 'affected') continue;
      products.push({
        vendor: a.vendor?.toLowerCase(),
        product,
        ...(v.lessThan || v.lessThanOrEqual
          ? { versionStartIncluding: v.version === '0' ? undefined : v.version, versionEndExcluding: v.lessThan, versionEndIncluding: v.lessThanOrEqual }
          : { version: v.version }),
      });
    }
  }
  return { id: parsed.data.cveMetadata.cveId, property: mapCvss(vector, { file }), products };
}
