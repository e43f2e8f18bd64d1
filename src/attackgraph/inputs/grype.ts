// Grype JSON reports (`grype -o json`): matches of a vulnerability to an artifact (package).
// No Grype sample was available here; the shape follows Grype's documented JSON output.
import { z } from 'zod';
import { LocatedError } from '../../core/errors.ts';
import { mapCvss } from './cvss.ts';
import type { Finding } from './findings.ts';

const Cvss = z.object({ version: z.string().optional(), vector: z.string() });
export const GrypeReport = z.object({
  matches: z.array(z.object({
    vulnerability: z.object({ id: z.string(), cvss: z.array(Cvss).optional() }),
    relatedVulnerabilities: z.array(z.object({ id: z.string(), cvss: z.array(Cvss).optional() })).optional(),
    artifact: z.object({ name: z.string(), version: z.string().optional() }),
  })),
  source: z.object({ target: z.unknown().optional() }).optional(),
});

function targetName(t: unknown): string | undefined {
  if (typeof t === 'string') return t;
  if (t && typeof t === 'object' && 'userInput' in t && typeof t.userInput === 'string') return t.userInput;
  return undefined;
}

export function readGrype(json: unknown, opts: { host?: string; file?: string } = {}): Finding[] {
  const parsed = GrypeReport.safeParse(json);
  if (!parsed.success) throw new LocatedError(`not a Grype JSON report: ${parsed.error.issues[0]?.path.join('.')} ${parsed.error.issues[0]?.message}`, { file: opts.file });
  const host = opts.host ?? targetName(parsed.data.source?.target);
  if (!host) throw new LocatedError('Grype report names no scanned target; give the host name', { file: opts.file });
  return parsed.data.matches.map((m) => {
    // GHSA matches carry the CVE (with its CVSS) as a related vulnerability.
    const related = m.relatedVulnerabilities?.find((r) => r.id.startsWith('CVE-'));
    const id = m.vulnerability.id.startsWith('CVE-') || !related ? m.vulnerability.id : related.id;
    const vectors = [...(m.vulnerability.cvss ?? []), ...(related?.cvss ?? [])].map((c) => c.vector);
    const vector = vectors.find((v) => v.startsWith('CVSS:3')) ?? vectors[0];
    return { host, vulnId: id, program: m.artifact.name, version: m.artifact.version, property: vector ? mapCvss(vector, { file: opts.file }) : undefined };
  });
}
