// NVD CVE API 2.0 responses (`{ vulnerabilities: [{ cve: {...} }] }`): each CVE's CVSS vector
// (v3.1, v3.0, else v2; Primary source first) and its vulnerable CPE matches.
import { z } from 'zod';
import { LocatedError } from '../../core/errors.ts';
import { mapCvss } from './cvss.ts';
import type { Advisory, AffectedProduct } from './findings.ts';

const Cvss = z.object({ source: z.string().optional(), type: z.string().optional(), cvssData: z.object({ vectorString: z.string() }), userInteractionRequired: z.boolean().optional() });
const CpeMatch = z.object({
  vulnerable: z.boolean(),
  criteria: z.string(),
  versionStartIncluding: z.string().optional(),
  versionStartExcluding: z.string().optional(),
  versionEndIncluding: z.string().optional(),
  versionEndExcluding: z.string().optional(),
});
type CpeNode = { cpeMatch?: z.infer<typeof CpeMatch>[]; nodes?: CpeNode[] };
const Node: z.ZodType<CpeNode> = z.lazy(() => z.object({ cpeMatch: z.array(CpeMatch).optional(), nodes: z.array(Node).optional() }));
export const NvdPage = z.object({
  vulnerabilities: z.array(
    z.object({
      cve: z.object({
        id: z.string(),
        metrics: z.object({ cvssMetricV31: z.array(Cvss).optional(), cvssMetricV30: z.array(Cvss).optional(), cvssMetricV2: z.array(Cvss).optional() }).partial().optional(),
        configurations: z.array(z.object({ nodes: z.array(Node) })).optional(),
      }),
    }),
  ),
});

/** Splits a CPE 2.3 formatted string into vendor, product and version. */
export function parseCpe(cpe: string): { vendor: string; product: string; version: string } | undefined {
  // Fields are colon-separated with `\:` as an escaped colon.
  const parts = cpe.split(/(?<!\\):/);
  if (parts[0] !== 'cpe' || parts.length < 6) return undefined;
  return { vendor: parts[3] as string, product: parts[4] as string, version: parts[5] as string };
}

function primaryFirst<T extends { type?: string }>(xs: T[] | undefined): T | undefined {
  return xs?.find((x) => x.type === 'Primary') ?? xs?.[0];
}

export function readNvdPage(json: unknown, file?: string): Advisory[] {
  const parsed = NvdPage.safeParse(json);
  if (!parsed.success) throw new LocatedError(`not an NVD CVE API 2.0 page: ${parsed.error.issues[0]?.path.join('.')} ${parsed.error.issues[0]?.message}`, { file });
  const out: Advisory[] = [];
  for (const { cve } of parsed.data.vulnerabilities) {
    const m = cve.metrics ?? {};
    const v3 = primaryFirst(m.cvssMetricV31) ?? primaryFirst(m.cvssMetricV30);
    const v2 = primaryFirst(m.cvssMetricV2);
    const chosen = v3 ?? v2;
    if (!chosen) continue; // No vector: nothing to say about range or consequence.
    const property = mapCvss(chosen.cvssData.vectorString, { userInteraction: v2?.userInteractionRequired, file });
    const products: AffectedProduct[] = [];
    const walk = (n: CpeNode) => {
      for (const cm of n.cpeMatch ?? []) {
        if (!cm.vulnerable) continue;
        const cpe = parseCpe(cm.criteria);
        if (!cpe) continue;
        products.push({
          vendor: cpe.vendor,
          product: cpe.product,
          version: cpe.version === '*' || cpe.version === '-' ? undefined : cpe.version,
          versionStartIncluding: cm.versionStartIncluding,
          versionStartExcluding: cm.versionStartExcluding,
          versionEndIncluding: cm.versionEndIncluding,
          versionEndExcluding: cm.versionEndExcluding,
        });
      }
      for (const c of n.nodes ?? []) walk(c);
    };
    for (const conf of cve.configurations ?? []) for (const n of conf.nodes) walk(n);
    out.push({ id: cve.id, property, products });
  }
  return out;
}
