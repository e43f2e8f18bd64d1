// `stegosoc anomaly eval`: scores a session detector on labelled session files
// (ait-sequences layout) and prints precision, recall, F1 and false-positive rate as JSON.
import type { Command } from 'commander';
import { DEFAULT_TENANT } from '../core/event.ts';
import { anomalyConfig } from '../detect/anomaly/config.ts';
import { periodMs, windowOf } from '../detect/anomaly/engine.ts';
import { markFalsePositive } from '../detect/anomaly/feedback.ts';
import { loadNotifiers } from '../detect/anomaly/notify/load.ts';
import { runWindows } from '../detect/anomaly/runner.ts';
import { openSqliteAnomalyState } from '../detect/anomaly/state/sqlite-state.ts';
import { loadSuppressions, suppressionCheck } from '../detect/anomaly/suppressions.ts';
import { openSqliteStore } from '../store/index.ts';
import { defaultDbPath, resolveDataDir } from '../store/locations.ts';
import { positiveInt } from './options.ts';
import { anomalyStatePath, parseHour } from './report.ts';
import { evaluate } from '../detect/anomaly/sessions/evaluate.ts';
import { sessionDetector, SESSION_DETECTORS } from '../detect/anomaly/sessions/registry.ts';
import { readSessions } from '../detect/anomaly/sessions/session.ts';


export function register(program: Command): void {
  const anomaly = program.command('anomaly').description('L2 anomaly detection');
  anomaly
    .command('eval')
    .description('evaluate a session detector on labelled session files (`id,space-separated event ids` per line)')
    .requiredOption('--train <file>', 'normal sessions to learn from')
    .requiredOption('--test-abnormal <file>', 'abnormal sessions')
    .option('--test-normal <file>', 'normal test sessions; when omitted the false-positive rate is estimated by k-fold on the training sessions')
    .option('--detector <name>', `one of ${SESSION_DETECTORS.map((d) => d.name).join(', ')}`, 'auto')
    .option('--normal-count <n>', 'normal sessions to assume for precision/F1 when --test-normal is omitted', positiveInt('--normal-count'))
    .option('--folds <k>', 'folds for the k-fold estimate', positiveInt('--folds'))
    .action((opts: { train: string; testAbnormal: string; testNormal?: string; detector: string; normalCount?: number; folds?: number }) => {
      const detector = sessionDetector(opts.detector);
      const result = evaluate({
        detector,
        train: readSessions(opts.train),
        testAbnormal: readSessions(opts.testAbnormal),
        ...(opts.testNormal ? { testNormal: readSessions(opts.testNormal) } : {}),
        ...(opts.normalCount ? { normalCount: opts.normalCount } : {}),
        ...(opts.folds ? { folds: opts.folds } : {}),
      });
      process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    });

  anomaly
    .command('run')
    .description('process every complete window (hour) not yet processed: judge, learn, store the reports, notify')
    .option('-t, --tenant <tenant>', 'tenant', DEFAULT_TENANT)
    .option('--data-dir <dir>', 'data directory (default $STEGOSOC_DATA or ./var)')
    .option('--db <file>', 'event store (default <data-dir>/stegosoc.db)')
    .option('--state-db <file>', 'anomaly state and reports (default <data-dir>/anomaly.db)')
    .option('--notify <file>', 'YAML file with `notifiers:` (smtp, webhook, file)')
    .option('--until <hour>', 'process windows before this hour (UTC, e.g. 2026-11-28T10); default now')
    .action(async (opts: { tenant: string; dataDir?: string; db?: string; stateDb?: string; notify?: string; until?: string }) => {
      const config = anomalyConfig();
      const dataDir = resolveDataDir(opts.dataDir);
      const notifiers = opts.notify ? loadNotifiers(opts.notify) : [];
      const state = openSqliteAnomalyState(opts.stateDb ?? anomalyStatePath(dataDir));
      const store = openSqliteStore(opts.db ?? defaultDbPath(dataDir));
      try {
        const reports = await runWindows({
          tenant: opts.tenant,
          config,
          state,
          until: opts.until ? parseHour(opts.until) : windowOf(Date.now(), config) * periodMs(config),
          events: (from, to) => store.queryEvents({ tenant: opts.tenant, from, to }),
          suppress: suppressionCheck(loadSuppressions(opts.tenant, dataDir)),
          notifiers,
          onDeliveryError: (n, e) => process.stderr.write(`stegosoc: delivery to ${n} failed: ${e}\n`),
        });
        for (const r of reports) {
          const top = r.topEntities[0];
          process.stdout.write(`${new Date(r.start).toISOString().slice(0, 13)} ${r.events} events${r.warmingUp ? ' (warming up)' : ''}${top ? `, top ${top.entity.type}:${top.entity.value} ${top.score} ${top.band}` : ''}\n`);
        }
      } finally {
        await store.close();
        await state.close();
      }
    });

  anomaly
    .command('false-positive')
    .description('mark a finding of a stored report as a false positive: the model learns it is normal')
    .requiredOption('--hour <hour>', 'hour of the report, UTC, e.g. 2026-11-28T10')
    .requiredOption('--key <key>', 'the finding key shown in the JSON report')
    .option('-t, --tenant <tenant>', 'tenant', DEFAULT_TENANT)
    .option('--data-dir <dir>', 'data directory (default $STEGOSOC_DATA or ./var)')
    .option('--state-db <file>', 'anomaly state and reports (default <data-dir>/anomaly.db)')
    .option('--note <text>', 'why it is normal', '')
    .action(async (opts: { hour: string; key: string; tenant: string; dataDir?: string; stateDb?: string; note: string }) => {
      const state = openSqliteAnomalyState(opts.stateDb ?? anomalyStatePath(resolveDataDir(opts.dataDir)));
      try {
        const report = await state.loadReport(opts.tenant, parseHour(opts.hour));
        if (!report) throw new Error(`no report stored for tenant ${opts.tenant} at ${opts.hour}`);
        const finding = report.topEntities.flatMap((e) => e.findings).find((f) => f.key === opts.key);
        if (!finding) throw new Error(`no finding with key ${JSON.stringify(opts.key)} in that report`);
        const model = await state.loadModel(opts.tenant);
        if (!model) throw new Error(`no model for tenant ${opts.tenant}`);
        markFalsePositive(model, finding);
        await state.saveModel(model);
        await state.addFeedback({ tenant: opts.tenant, key: opts.key, at: Date.now(), note: opts.note });
        process.stdout.write(`marked ${opts.key} as a false positive for tenant ${opts.tenant}\n`);
      } finally {
        await state.close();
      }
    });
}
