// L2 for the console: the hourly reports the anomaly cycle stored (`<dataDir>/anomaly.db`, the
// file `stegosoc anomaly run` and the demo write; the shared store's tables on PostgreSQL),
// their findings flattened for a time range, and false-positive feedback, which writes a
// suppression into the tenant's suppressions layer (`<dataDir>/tenants/<t>/suppressions/`, the
// layer src/detect/anomaly/suppressions.ts resolves) so the same finding is not reported
// again. Every read takes the tenant.
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify as stringifyYaml } from 'yaml';
import { tenantLayerDir } from '../core/layer-dirs.ts';
import { openSqliteAnomalyState } from '../detect/anomaly/state/sqlite-state.ts';
import type { AnomalyStateStore } from '../detect/anomaly/state/state-store.ts';
import type { HourlyReport, ReportFinding } from '../detect/anomaly/report/report-model.ts';
import type { Suppression } from '../detect/anomaly/suppressions.ts';

export interface ReportSummary {
  hour: string;
  findings: number;
  topScore: number;
  topEntity: string | null;
}

export type HourFinding = ReportFinding & { hour: string };

export interface AnomalyService {
  reports(tenant: string): Promise<ReportSummary[]>;
  report(tenant: string, start: number): Promise<HourlyReport | undefined>;
  findings(tenant: string, q: { from?: number; to?: number; minScore?: number }): Promise<HourFinding[]>;
  /** Suppresses the finding `key` of the report at `start`; undefined when no such finding. */
  falsePositive(tenant: string, start: number, key: string, by: string, reason: string): Promise<Suppression | undefined>;
  close(): Promise<void>;
}

/** The anomaly state file `stegosoc anomaly run`, `report` and the demo write (the same path as
 *  src/cli/report.ts `anomalyStatePath`; not imported from there, which would load the whole
 *  detection engine into the server for one file name — a test checks the two agree). */
export const anomalyStateFile = (dataDir: string) => join(dataDir, 'anomaly.db');

/** The most reports one listing reads (about three weeks of hours). */
const MAX_REPORTS = 500;
const KEEP_MS = 10_000;

const isoHour = (start: number) => new Date(start).toISOString();

/** Every finding of a report once: an entity's findings also appear in the kind lists. */
export function reportFindings(r: HourlyReport): ReportFinding[] {
  const seen = new Set<string>();
  const out: ReportFinding[] = [];
  for (const f of [...r.topEntities.flatMap((e) => e.findings), ...r.newTemplates, ...r.rateSpikes, ...r.silences]) {
    const k = `${f.detector}|${f.key}|${f.entity.type}:${f.entity.value}`;
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(f);
  }
  return out.sort((a, b) => b.score - a.score);
}

/** Suppression globs treat `*` and `?` as wildcards; a key holding them is matched by `?`. */
const literalGlob = (s: string) => s.replace(/[*?]/g, '?');

/** `shared`: the state kept in the shared store (the server on PostgreSQL) instead of the file. */
export function openAnomalyService(dataDir: string, shared?: AnomalyStateStore): AnomalyService {
  const state: AnomalyStateStore = shared ?? openSqliteAnomalyState(anomalyStateFile(dataDir));
  // Reports parsed per tenant, kept while the stored hours are the same ones: a listing reads
  // only the hours, not every report again. A report rewritten for the same hour (a re-run) is
  // seen after KEEP_MS at most.
  const kept = new Map<string, { starts: string; at: number; reports: HourlyReport[] }>();
  const loadAll = async (tenant: string, keep: (start: number) => boolean = () => true) => {
    const starts = await state.listReports(tenant, MAX_REPORTS);
    const key = starts.join(',');
    let k = kept.get(tenant);
    if (!k || k.starts !== key || Date.now() - k.at > KEEP_MS) {
      const reports: HourlyReport[] = [];
      for (const s of starts) {
        const r = await state.loadReport(tenant, s);
        if (r) reports.push(r);
      }
      kept.set(tenant, (k = { starts: key, at: Date.now(), reports }));
    }
    return k.reports.filter((r) => keep(r.start));
  };
  return {
    async reports(tenant) {
      return (await loadAll(tenant)).map((r) => {
        const top = r.topEntities[0];
        return {
          hour: isoHour(r.start),
          findings: reportFindings(r).length,
          topScore: top?.score ?? 0,
          topEntity: top ? `${top.entity.type}:${top.entity.value}` : null,
        };
      });
    },
    report: (tenant, start) => state.loadReport(tenant, start),
    async findings(tenant, q) {
      const reports = await loadAll(tenant, (s) => (q.from === undefined || s >= q.from) && (q.to === undefined || s < q.to));
      return reports
        .sort((a, b) => a.start - b.start)
        .flatMap((r) => reportFindings(r).filter((f) => f.score >= (q.minScore ?? 0)).map((f) => ({ ...f, hour: isoHour(r.start) })));
    },
    async falsePositive(tenant, start, key, by, reason) {
      const report = await state.loadReport(tenant, start);
      const finding = report ? reportFindings(report).find((f) => f.key === key) : undefined;
      if (!finding) return undefined;
      const id = `fp-${createHash('sha256').update(`${finding.detector}|${key}`).digest('hex').slice(0, 16)}`;
      const item: Suppression = { id, reason: `false positive (${by}): ${reason}`, detector: finding.detector, key: literalGlob(key) };
      const dir = tenantLayerDir(dataDir, tenant, 'suppressions');
      mkdirSync(dir, { recursive: true });
      // One file per suppression: a rewrite of one never loses another written at the same time.
      writeFileSync(join(dir, `${id}.yml`), stringifyYaml({ suppressions: [item] }));
      await state.addFeedback({ tenant, key, at: Date.now(), note: item.reason });
      return item;
    },
    close: () => state.close(),
  };
}
