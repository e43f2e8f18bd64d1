// `stegosoc report --hour 2026-11-28T10`: renders the anomaly report of one hour for a
// tenant. A stored report is rendered as is; otherwise the windows up to that hour are
// processed from the event store first (learning as they go), then it is rendered.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { DEFAULT_TENANT } from '../core/event.ts';
import { anomalyConfig } from '../detect/anomaly/config.ts';
import { periodMs } from '../detect/anomaly/engine.ts';
import { isReportFormat, renderReport, REPORT_FORMATS } from '../detect/anomaly/report/render.ts';
import type { L1RuleCount } from '../detect/anomaly/report/report-model.ts';
import { runWindows } from '../detect/anomaly/runner.ts';
import { openSqliteAnomalyState } from '../detect/anomaly/state/sqlite-state.ts';
import { loadSuppressions, suppressionCheck } from '../detect/anomaly/suppressions.ts';
import { SqliteAlertSink } from '../detect/sigma/alert-store-sqlite.ts';
import { openSqliteStore } from '../store/index.ts';
import { defaultDbPath, resolveDataDir } from '../store/locations.ts';

interface ReportOptions {
  hour: string;
  tenant: string;
  dataDir?: string;
  db?: string;
  stateDb?: string;
  alertsDb?: string;
  format: string;
  out?: string;
}

/** `2026-11-28T10` (UTC) or any ISO time within the hour → the hour's start, epoch ms. */
export function parseHour(s: string): number {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2})(?::\d{2}(?::\d{2}(?:\.\d+)?)?)?(Z|[+-]\d{2}:\d{2})?$/.exec(s);
  const t = m ? Date.parse(`${m[1]}T${m[2]}:00:00${m[3] ?? 'Z'}`) : NaN;
  if (Number.isNaN(t)) throw new Error(`--hour must look like 2026-11-28T10 (UTC), got ${JSON.stringify(s)}`);
  return t;
}

export function anomalyStatePath(dataDir: string): string {
  return join(dataDir, 'anomaly.db');
}

export function register(program: Command): void {
  program
    .command('report')
    .description('render the anomaly report of one hour (HTML, Markdown or JSON)')
    .requiredOption('--hour <hour>', 'hour to report, UTC, e.g. 2026-11-28T10')
    .option('-t, --tenant <tenant>', 'tenant', DEFAULT_TENANT)
    .option('--data-dir <dir>', 'data directory (default $STEGOSOC_DATA or ./var)')
    .option('--db <file>', 'event store (default <data-dir>/stegosoc.db)')
    .option('--state-db <file>', 'anomaly state and reports (default <data-dir>/anomaly.db)')
    .option('--alerts-db <file>', 'Sigma alerts database, for the L1 summary')
    .option('--format <format>', Object.keys(REPORT_FORMATS).join(', '), 'html')
    .option('-o, --out <file>', 'write to this file instead of stdout')
    .action(async (opts: ReportOptions) => {
      if (!isReportFormat(opts.format)) throw new Error(`unknown --format ${JSON.stringify(opts.format)}; use ${Object.keys(REPORT_FORMATS).join(', ')}`);
      const start = parseHour(opts.hour);
      const config = anomalyConfig();
      const dataDir = resolveDataDir(opts.dataDir);
      const state = openSqliteAnomalyState(opts.stateDb ?? anomalyStatePath(dataDir));
      try {
        let report = await state.loadReport(opts.tenant, start);
        if (!report) {
          const model = await state.loadModel(opts.tenant);
          if (model?.lastWindow != null && model.lastWindow * periodMs(config) >= start) {
            throw new Error(`no report stored for ${opts.hour} and the model of tenant ${opts.tenant} has moved past it`);
          }
          const store = openSqliteStore(opts.db ?? defaultDbPath(dataDir));
          const alerts = opts.alertsDb ? new SqliteAlertSink(opts.alertsDb) : undefined;
          try {
            const suppress = suppressionCheck(loadSuppressions(opts.tenant, dataDir));
            const reports = await runWindows({
              tenant: opts.tenant,
              config,
              state,
              until: start + periodMs(config),
              events: (from, to) => store.queryEvents({ tenant: opts.tenant, from, to }),
              ...(alerts ? { l1: async (from: number, to: number) => summariseAlerts(alerts, opts.tenant, from, to) } : {}),
              suppress,
            });
            report = reports.find((r) => r.start === start);
          } finally {
            alerts?.close();
            await store.close();
          }
        }
        if (!report) throw new Error(`no report for ${opts.hour}`);
        const text = renderReport(report, opts.format);
        if (opts.out) writeFileSync(opts.out, text);
        else process.stdout.write(text);
      } finally {
        await state.close();
      }
    });
}

function summariseAlerts(sink: SqliteAlertSink, tenant: string, from: number, to: number): L1RuleCount[] {
  const byRule = new Map<string, L1RuleCount>();
  for (const a of sink.list({ tenant, since: from })) {
    if (a.time >= to) break;
    const key = a.rule.title || a.rule.id;
    const r = byRule.get(key) ?? { rule: key, level: a.rule.level, count: 0 };
    r.count += 1 + a.repeats;
    byRule.set(key, r);
  }
  return [...byRule.values()];
}
