// CVSS base score and one-line summary per vulnerability id, for the console's node details.
// The attack-graph loader keeps only what the interaction model needs (range, consequence,
// likelihood), so this reads the same inventory files again for the human-facing parts: NVD
// API 2.0 pages, CVE JSON 5 records, Trivy and Grype reports. Lenient by design: a file or
// field it does not understand adds nothing (the loader itself reports bad files).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';

export interface CveInfo {
  cvss: number | null;
  summary: string | null;
}

type Obj = Record<string, unknown>;
const obj = (x: unknown): Obj | undefined => (x !== null && typeof x === 'object' && !Array.isArray(x) ? (x as Obj) : undefined);
const arr = (x: unknown): unknown[] => (Array.isArray(x) ? x : []);
const num = (x: unknown): number | null => (typeof x === 'number' && Number.isFinite(x) ? x : null);
const str = (x: unknown): string | null => (typeof x === 'string' && x.trim() !== '' ? x.trim() : null);

/** The English description, else the first one. */
function description(list: unknown): string | null {
  const ds = arr(list).map(obj).filter((d): d is Obj => d !== undefined);
  return str((ds.find((d) => d['lang'] === 'en') ?? ds[0])?.['value']);
}

function firstScore(metrics: Obj | undefined, keys: readonly string[]): number | null {
  for (const k of keys) {
    for (const m of arr(metrics?.[k])) {
      const s = num(obj(obj(m)?.['cvssData'])?.['baseScore']);
      if (s !== null) return s;
    }
  }
  return null;
}

function listFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir).sort()) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) out.push(...listFiles(p));
    else if (extname(e).toLowerCase() === '.json') out.push(p);
  }
  return out;
}

export function readCveInfo(dir: string): Map<string, CveInfo> {
  const out = new Map<string, CveInfo>();
  // Dedicated advisory sources win over a scanner's copy, as in the loader.
  const put = (id: string | null, info: CveInfo, strong: boolean) => {
    if (!id) return;
    const old = out.get(id);
    if (!old || strong) out.set(id, { cvss: info.cvss ?? old?.cvss ?? null, summary: info.summary ?? old?.summary ?? null });
  };
  for (const file of listFiles(dir)) {
    let doc: Obj | undefined;
    try {
      doc = obj(JSON.parse(readFileSync(file, 'utf8')));
    } catch {
      continue;
    }
    if (!doc) continue;
    if (Array.isArray(doc['vulnerabilities']) && 'resultsPerPage' in doc) {
      for (const v of doc['vulnerabilities']) {
        const cve = obj(obj(v)?.['cve']);
        put(str(cve?.['id']), { cvss: firstScore(obj(cve?.['metrics']), ['cvssMetricV31', 'cvssMetricV30', 'cvssMetricV2']), summary: description(cve?.['descriptions']) }, true);
      }
    } else if (doc['dataType'] === 'CVE_RECORD') {
      const cna = obj(obj(doc['containers'])?.['cna']);
      let cvss: number | null = null;
      for (const m of arr(cna?.['metrics'])) {
        const mo = obj(m);
        cvss ??= num(obj(mo?.['cvssV3_1'])?.['baseScore']) ?? num(obj(mo?.['cvssV3_0'])?.['baseScore']) ?? num(obj(mo?.['cvssV2_0'])?.['baseScore']);
      }
      put(str(obj(doc['cveMetadata'])?.['cveId']), { cvss, summary: description(cna?.['descriptions']) }, true);
    } else if ('SchemaVersion' in doc && Array.isArray(doc['Results'])) {
      for (const r of doc['Results']) {
        for (const v of arr(obj(r)?.['Vulnerabilities'])) {
          const vo = obj(v);
          const scores = Object.values(obj(vo?.['CVSS']) ?? {}).map((c) => num(obj(c)?.['V3Score']) ?? num(obj(c)?.['V2Score']));
          put(str(vo?.['VulnerabilityID']), { cvss: scores.find((s) => s !== null) ?? null, summary: str(vo?.['Title']) ?? str(vo?.['Description']) }, false);
        }
      }
    } else if (Array.isArray(doc['matches'])) {
      for (const m of doc['matches']) {
        const v = obj(obj(m)?.['vulnerability']);
        const scores = arr(v?.['cvss']).map((c) => num(obj(obj(c)?.['metrics'])?.['baseScore']));
        put(str(v?.['id']), { cvss: scores.find((s) => s !== null) ?? null, summary: str(v?.['description']) }, false);
      }
    }
  }
  return out;
}
