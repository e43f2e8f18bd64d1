// `stegosoc ingest PATH...`: reads files (globs), stdin (`-`) and/or syslog listeners into
// the embedded store, through the parse stage. With --follow it keeps tailing until
// SIGINT/SIGTERM; a restart resumes from the stored checkpoints. L1 (Sigma) detection runs
// on every batch unless --no-detect; alerts go to the same SQLite file (sigma_alerts).
import type { Command } from 'commander';
import { DEFAULT_TENANT } from '../core/event.ts';
import { DEFAULT_MAX_LINE_BYTES } from '../ingest/framing.ts';
import { accountedLines, LINES } from '../pipeline/counters.ts';
import { ingest, parseListen } from '../pipeline/ingest-setup.ts';
import { DetectStage } from '../pipeline/detect-stage.ts';
import { parseTimespan } from '../detect/sigma/timespan.ts';
import { openSqliteStore } from '../store/index.ts';
import { defaultDbPath, resolveDataDir } from '../store/locations.ts';
import { positiveInt } from './options.ts';
import { ingestToNatsCommand, type IngestSourceOptions } from './ingest-nats.ts';

interface IngestOptions extends IngestSourceOptions {
  detect: boolean;
  throttle?: string;
  to?: string;
  stream?: string;
}


export function register(program: Command): void {
  program
    .command('ingest')
    .description('ingest log files (globs allowed), stdin (`-`) or syslog into the store')
    .argument('[paths...]', 'files or glob patterns; `-` reads stdin')
    .option('-f, --follow', 'keep reading as files grow, rotate or are truncated (until Ctrl-C)')
    .option('-t, --tenant <tenant>', 'tenant the lines belong to', DEFAULT_TENANT)
    .option('--data-dir <dir>', 'data directory (default $STEGOSOC_DATA or ./var)')
    .option('--db <file>', 'SQLite store file (default <data-dir>/stegosoc.db)')
    .option('--syslog-udp <[host:]port>', 'receive syslog over UDP (RFC 3164/5424)')
    .option('--syslog-tcp <[host:]port>', 'receive syslog over TCP (RFC 6587 octet-counted or newline framing)')
    .option('--max-line-bytes <n>', 'longer lines are cut and kept as unparsed', positiveInt('--max-line-bytes'), DEFAULT_MAX_LINE_BYTES)
    .option('--poll-ms <n>', 'how often --follow looks for new data', positiveInt('--poll-ms'), 250)
    .option('--no-progress', 'do not print lines/s on stderr')
    .option('--no-detect', 'store events only, without running the Sigma rules (global + tenant layer)')
    .option('--throttle <span>', 'fold repeats of a rule for the same user/source/host within this span (e.g. 5m) into one alert')
    .option('--to <nats-url>', 'publish the raw lines to NATS JetStream (nats://host:port) for `stegosoc worker`s instead of parsing here')
    .option('--stream <name>', 'JetStream stream for --to', 'STEGOSOC_LINES')
    .action(async (paths: string[], opts: IngestOptions) => {
      if (opts.to) return ingestToNatsCommand(paths, { ...opts, to: opts.to });
      const dataDir = resolveDataDir(opts.dataDir);
      const db = opts.db ?? defaultDbPath(dataDir);
      const store = openSqliteStore(db);
      const warn = (m: string) => process.stderr.write(`stegosoc: ${m}\n`);
      // With --follow the rules are watched: an edit applies without a restart (a bad one is warned and ignored).
      const detect = opts.detect ? new DetectStage({ dataDir, file: db, onWarning: warn, watchRules: opts.follow ?? false, throttleMs: opts.throttle ? parseTimespan(opts.throttle) : 0 }) : undefined;
      const ac = new AbortController();
      const stop = () => ac.abort();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      try {
        const totals = await ingest({
          paths, tenant: opts.tenant, follow: opts.follow ?? false, dataDir, store,
          ...(opts.syslogUdp ? { syslogUdp: parseListen(opts.syslogUdp) } : {}),
          ...(opts.syslogTcp ? { syslogTcp: parseListen(opts.syslogTcp) } : {}),
          maxLineBytes: opts.maxLineBytes,
          pollMs: opts.pollMs,
          progress: opts.progress,
          signal: ac.signal,
          ...(detect ? { detect } : {}),
          onWarning: warn,
          onListening: (m) => process.stderr.write(`stegosoc: ${m}\n`),
        });
        const lines = totals[LINES] ?? 0;
        const summary = Object.entries(totals).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => `  ${k}: ${v}`).join('\n');
        process.stdout.write(`ingested ${lines} lines for tenant ${opts.tenant} (${accountedLines(totals)} accounted for)\n${summary ? `${summary}\n` : ''}`);
      } finally {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        detect?.close();
        await store.close();
      }
    });
}
