// `stegosoc correlator --nats nats://… --store postgres://…`: the stateful stage of scale-out.
// Reads the correlation inputs the workers publish, one durable consumer per partition of the
// correlation stream, and stores the correlation alerts (src/pipeline/nats/correlator.ts).
// Run one correlator per partition set (`--partitions 0-3` and `4-7` on two machines; default
// all); two correlators must never own the same partition. Runs until SIGINT/SIGTERM.
import type { Command } from 'commander';
import { DEFAULT_CORRELATION_STREAM, DEFAULT_PARTITIONS } from '../pipeline/nats/correlation-stream.ts';
import { runCorrelator } from '../pipeline/nats/correlator.ts';
import { positiveInt } from './options.ts';
import { runScaleOutProcess } from './scale-out-process.ts';

interface CorrelatorOptions {
  nats: string;
  store: string;
  stream: string;
  partitionCount: number;
  partitions?: string;
  dataDir?: string;
  latenessMs: number;
  idleMs: number;
  holdMs: number;
  batch: number;
  progress: boolean;
}

/** `0-7`, `3`, `0,2,4-5` → the partition numbers. */
export function parsePartitions(spec: string): number[] {
  const out = new Set<number>();
  for (const part of spec.split(',')) {
    const m = /^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$/.exec(part);
    if (!m) throw new Error(`--partitions: expected e.g. 0-7 or 0,2,5, got ${JSON.stringify(spec)}`);
    const from = Number(m[1]);
    const to = m[2] !== undefined ? Number(m[2]) : from;
    if (to < from) throw new Error(`--partitions: empty range ${part.trim()}`);
    for (let p = from; p <= to; p++) out.add(p);
  }
  return [...out].sort((a, b) => a - b);
}

export function register(program: Command): void {
  program
    .command('correlator')
    .description('run the Sigma correlations of scale-out: consume the correlation inputs the workers publish, by partition, and store the correlation alerts in PostgreSQL')
    .requiredOption('--nats <url>', 'NATS server, nats://host:port')
    .requiredOption('--store <url>', 'PostgreSQL store, postgres://user@host:port/db')
    .option('--stream <name>', 'JetStream stream of the correlation inputs', DEFAULT_CORRELATION_STREAM)
    .option('--partition-count <n>', 'partitions of the stream (fixed when it is created; the same for every worker and correlator)', positiveInt('--partition-count'), DEFAULT_PARTITIONS)
    .option('--partitions <list>', 'partitions this correlator owns, e.g. 0-3 (default: all)')
    .option('--data-dir <dir>', 'data directory with the tenants\' rule layers (default $STEGOSOC_DATA or ./var)')
    .option('--lateness-ms <n>', 'event time an input waits for later ones before it is judged', positiveInt('--lateness-ms'), 120_000)
    .option('--idle-ms <n>', 'a partition quiet this long judges everything it holds', positiveInt('--idle-ms'), 2000)
    .option('--hold-ms <n>', 'wall time an input waits at least for a slower worker\'s earlier ones', positiveInt('--hold-ms'), 5000)
    .option('--batch <n>', 'messages per fetch (one transaction per tenant)', positiveInt('--batch'), 500)
    .option('--no-progress', 'do not print the commits on stderr')
    .action(async (opts: CorrelatorOptions) => {
      const partitions = opts.partitions !== undefined ? parsePartitions(opts.partitions) : undefined;
      await runScaleOutProcess('correlator', opts, async ({ nc, store, dataDir, signal, warn }) => {
        const totals = await runCorrelator({
          nc, store, dataDir, signal, onWarning: warn,
          stream: { stream: opts.stream, partitions: opts.partitionCount },
          latenessMs: opts.latenessMs, idleMs: opts.idleMs, holdMs: opts.holdMs, batch: opts.batch,
          ...(partitions ? { partitions } : {}),
          onCommit: (d) => {
            if (opts.progress) process.stderr.write(`committed tenant=${d.tenant} partition=${d.partition} messages=${d.messages} alerts=${d.alerts} seq=${d.lastSeq} waiting=${d.waiting}\n`);
          },
        });
        return `correlator stopped: ${totals.messages} inputs, ${totals.skipped} redelivered and skipped, ${totals.alerts} alerts`;
      });
    });
}
