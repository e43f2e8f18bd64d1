// Trivy JSON reports (SchemaVersion 2): every vulnerability of every result becomes a finding
// on the scanned artifact (or the host name the caller gives).
import { z } from 'zod';
import { LocatedError } from '../../core/errors.ts';
import { mapCvss, type VulnProperty } from './cvss.ts';
import type { Finding } from './findings.ts';

const CvssBySource = z.record(z.string(), z.object({ V3Vector: z.string().optional(), V2Vector: z.string().optional() }));
export const TrivyReport = z.object({
  SchemaVersion: z.number(),
  ArtifactName: z.string(),
  Results: z.array(z.object({
    Target: z.string(),
    Vulnerabilities: z.array(z.object({
      VulnerabilityID: z.string(),
      PkgName: z.string(),
      InstalledVersion: z.string().optional(),
      CVSS: CvssBySource.optional(),
    })).nullish(),
  })).default([]),
});

export function propertyFromSources(cvss: z.infer<typeof CvssBySource> | undefined, file?: string): VulnProperty | undefined {
  if (!cvss) return undefined;
  // NVD's scoring first, then any vendor's; v3 before v2.
  const sources = [cvss['nvd'], ...Object.entries(cvss).filter(([k]) => k !== 'nvd').map(([, v]) => v)].filter((x) => x !== undefined);
  for (const s of sources) if (s.V3Vector) return mapCvss(s.V3Vector, { file });
  for (const s of sources) if (s.V2Vector) return mapCvss(s.V2Vector, { file });
  return undefined;
}

export function readTrivy(json: unknown, opts: { host?: string; file?: string } = {}): Finding[] {
  const parsed = TrivyReport.safeParse(json);
  if (!parsed.success) throw new LocatedError(`not a Trivy JSON report: ${parsed.error.issues[0]?.path.join('.')} ${parsed.error.issues[0]?.message}`, { file: opts.file });
  const host = opts.host ?? parsed.data.ArtifactName;
  const out: Finding[] = [];
  for (const r of parsed.data.Results) {
    for (const v of r.Vulnerabilities ?? []) {
      out.push({ host, vulnId: v.VulnerabilityID, program: v.PkgName, version: v.InstalledVersion, property: propertyFromSources(v.CVSS, opts.file) });
    }
  }
  return out;
}
