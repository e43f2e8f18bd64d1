// `stegosoc worker --nats nats://… --store postgres://…`: one stateless parse + L1 worker of
// the scale-out mode. Start as many as there are cores to spare; they share the stream's
// messages through one durable consumer. Correlation matches go to the correlation stream for
// `stegosoc correlator` (unless --no-correlator). Runs until SIGINT/SIGTERM.
import type { Command } from 'commander';
import { tenantParts } from '../pipeline/parse-parts.ts';
import { DEFAULT_DURABLE, DEFAULT_STREAM } from '../pipeline/nats/stream.ts';
import { runWorker } from '../pipeline/nats/worker.ts';
import { WorkerDetect } from '../pipeline/nats/worker-detect.ts';
import { DEFAULT_CORRELATION_STREAM, DEFAULT_PARTITIONS, ensureCorrelationStream } from '../pipeline/nats/correlation-stream.ts';
import { positiveInt } from './options.ts';
import { runScaleOutProcess } from './scale-out-process.ts';

interface WorkerOptions {
  nats: string;
  store: string;
  stream: string;
  durable: string;
  dataDir?: string;
  detect: boolean;
  /** false: correlations stay in this worker's memory (exact only with one worker). */
  correlator: boolean;
  correlationStream: string;
  partitionCount: number;
  ackWaitMs: number;
  prefetch: number;
  progress: boolean;
}

export function register(program: Command): void {
  program
    .command('worker')
    .description('consume raw lines from NATS JetStream (published by `ingest --to`), parse, run the Sigma rules and store in PostgreSQL')
    .requiredOption('--nats <url>', 'NATS server, nats://host:port')
    .requiredOption('--store <url>', 'PostgreSQL store, postgres://user@host:port/db')
    .option('--stream <name>', 'JetStream stream to consume', DEFAULT_STREAM)
    .option('--durable <name>', 'durable consumer shared by the workers', DEFAULT_DURABLE)
    .option('--data-dir <dir>', 'data directory with the tenants\' parser and rule layers (default $STEGOSOC_DATA or ./var)')
    .option('--no-detect', 'store events only, without running the Sigma rules')
    .option('--correlation-stream <name>', 'JetStream stream the correlation inputs go to, for `stegosoc correlator`', DEFAULT_CORRELATION_STREAM)
    .option('--partition-count <n>', 'partitions of the correlation stream (the same for every worker and correlator)', positiveInt('--partition-count'), DEFAULT_PARTITIONS)
    .option('--no-correlator', 'keep correlation windows in this worker (exact only when it is the only worker)')
    .option('--ack-wait-ms <n>', 'a message unacked this long (its worker died) goes to another worker; set when the consumer is created', positiveInt('--ack-wait-ms'), 30_000)
    .option('--prefetch <n>', 'messages fetched ahead', positiveInt('--prefetch'), 4)
    .option('--no-progress', 'do not print what was stored on stderr')
    .action(async (opts: WorkerOptions) => {
      await runScaleOutProcess('worker', opts, async ({ nc, store, dataDir, signal, warn }) => {
        const parts = tenantParts({ dataDir, store, onWarning: warn });
        const correlate = opts.detect && opts.correlator;
        const correlations = correlate ? await ensureCorrelationStream(nc, { stream: opts.correlationStream, partitions: opts.partitionCount }) : undefined;
        let lines = 0;
        const totals = await runWorker({
          nc, store, parts, signal, prefetch: opts.prefetch, onWarning: warn,
          consumer: { stream: opts.stream, durable: opts.durable, ackWaitMs: opts.ackWaitMs },
          ...(opts.detect ? { detect: new WorkerDetect(dataDir, warn, correlate) } : {}),
          ...(correlations ? { correlations } : {}),
          onMessage: (d) => {
            lines += d.lines;
            // One line per message: operators (and the tests) see the work being shared.
            if (opts.progress) process.stderr.write(`stored tenant=${d.tenant} lines=${d.lines} new=${d.insertedEvents} alerts=${d.alerts}${d.redelivered ? ' redelivered' : ''} total=${lines}\n`);
          },
        });
        return `worker stopped: ${totals.messages} messages, ${totals.insertedEvents} events stored, ${totals.alerts} alerts`;
      });
    });
}
