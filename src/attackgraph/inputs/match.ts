// Matching installed software (inventory: name and version) against advisories' affected
// products, for hosts that have no scanner report: the "software and versions" input path.
import type { Advisory, AffectedProduct, Finding } from './findings.ts';
import { compareVersions, type InventoryData } from './inventory.ts';

export function affects(p: AffectedProduct, product: string, version: string | undefined): boolean {
  if (p.product.toLowerCase() !== product.toLowerCase()) return false;
  if (version === undefined) return false; // Unknown version: do not guess a vulnerability.
  if (p.version !== undefined) return compareVersions(version, p.version) === 0;
  if (p.versionStartIncluding && compareVersions(version, p.versionStartIncluding) < 0) return false;
  if (p.versionStartExcluding && compareVersions(version, p.versionStartExcluding) <= 0) return false;
  if (p.versionEndIncluding && compareVersions(version, p.versionEndIncluding) > 0) return false;
  if (p.versionEndExcluding && compareVersions(version, p.versionEndExcluding) >= 0) return false;
  return Boolean(p.versionStartIncluding || p.versionStartExcluding || p.versionEndIncluding || p.versionEndExcluding);
}

export function matchSoftware(inv: InventoryData, advisories: readonly Advisory[]): Finding[] {
  const out: Finding[] = [];
  for (const h of inv.hosts) {
    for (const sw of h.software) {
      for (const a of advisories) {
        if (a.products.some((p) => affects(p, sw.name, sw.version))) out.push({ host: h.name, vulnId: a.id, program: sw.name, version: sw.version });
      }
    }
  }
  return out;
}
