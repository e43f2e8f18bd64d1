// What every vulnerability input produces: findings (a vulnerability in a program on a host)
// and advisories (what a vulnerability lets an attacker do). `emitVulnFacts` turns them into
// MulVAL's facts: vulExists/3, vulProperty/3, and for scanner findings on a port the service.
import type { FactSink } from '../synthetic.ts';
import { SERVICE_RANGES, type VulnProperty } from './cvss.ts';

export interface Advisory {
  id: string;
  property: VulnProperty;
  /** Affected products as CPE 2.3 names or product names, with optional version bounds. */
  products: AffectedProduct[];
}

export interface AffectedProduct {
  vendor?: string;
  product: string;
  versionStartIncluding?: string;
  versionStartExcluding?: string;
  versionEndIncluding?: string;
  versionEndExcluding?: string;
  /** An exact version, when the source names one instead of a range. */
  version?: string;
}

export interface Finding {
  host: string;
  vulnId: string;
  program: string;
  version?: string;
  /** Where the vulnerable service listens, when the scanner saw it on a port. */
  port?: number;
  protocol?: string;
  /** The advisory data the scanner itself carries, used when no advisory input has the id. */
  property?: VulnProperty;
}

export interface VulnFacts {
  /** Likelihood per vulnerability id, for the probability analyses. */
  likelihood: Map<string, number>;
  /** Ids found on hosts but with no advisory and no vector: they get no vulProperty. */
  unknown: string[];
}

export function emitVulnFacts(findings: readonly Finding[], advisories: readonly Advisory[], sink: FactSink): VulnFacts {
  const byId = new Map<string, VulnProperty>();
  for (const f of findings) if (f.property && !byId.has(f.vulnId)) byId.set(f.vulnId, f.property);
  // A dedicated advisory source (NVD, CVE 5) wins over a scanner's copy.
  for (const a of advisories) byId.set(a.id, a.property);
  const likelihood = new Map<string, number>();
  const unknown = new Set<string>();
  const seenProp = new Set<string>();
  const s = (x: string | number) => sink.sym(x);
  for (const f of findings) {
    sink.fact('vulExists', [s(f.host), s(f.vulnId), s(f.program)]);
    const p = byId.get(f.vulnId);
    if (!p) { unknown.add(f.vulnId); continue; }
    likelihood.set(f.vulnId, p.likelihood);
    if (!seenProp.has(f.vulnId)) {
      seenProp.add(f.vulnId);
      sink.fact('vulProperty', [s(f.vulnId), s(p.range), s(p.consequence)]);
    }
    // Like MulVAL's Nessus translator: a network-exploitable finding on a port is a service.
    if (SERVICE_RANGES.has(p.range) && f.port !== undefined && f.port > 0) {
      sink.fact('networkServiceInfo', [s(f.host), s(f.program), s(f.protocol ?? 'tcp'), s(f.port), s('someUser')]);
    }
  }
  return { likelihood, unknown: [...unknown] };
}
