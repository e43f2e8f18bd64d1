// `stegosoc correlator --nats nats://… --store postgres://…`: the stateful stage of scale-out.
// Reads the correlation inputs the workers publish, one durable consumer per partition of the
// correlation stream, and stores the correlation alerts (src/pipeline/nats/correlator.ts).
// Run one correlator per partition set (`--partitions 0-3` and `4-7` on two machines; default
// all); two correlators must never own the same partition. Runs until SIGINT/SIGTERM.
import type { Command } from 'commander';
import { connectNats } from '../pipeline/nats/stream.ts';
import { DEFAULT_CORRELATION_STREAM, DEFAULT_PARTITIONS } from '../pipeline/nats/correlation-stream.ts';
import { runCorrelator } from '../pipeline/nats/correlator.ts';
import { openPostgresStore, redactUrl } from '../store/postgres/postgres-store.ts';
import { resolveDataDir } from '../store/locations.ts';
import { positiveInt } from './options.ts';

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
      if (!/^postgres(ql)?:\/\//.test(opts.store)) throw new Error(`--store must be a postgres:// address, got ${JSON.stringify(redactUrl(opts.store))}`);
      const partitions = opts.partitions !== undefined ? parsePartitions(opts.partitions) : undefined;
      const dataDir = resolveDataDir(opts.dataDir);
      const warn = (m: string) => process.stderr.write(`stegosoc correlator: ${m}\n`);
      const store = await openPostgresStore(opts.store);
      const ac = new AbortController();
      const stop = () => ac.abort();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      let nc;
      try {
        nc = await connectNats(opts.nats, 'stegosoc-correlator');
        const totals = await runCorrelator({
          nc, store, dataDir, signal: ac.signal, onWarning: warn,
          stream: { stream: opts.stream, partitions: opts.partitionCount },
          latenessMs: opts.latenessMs, idleMs: opts.idleMs, holdMs: opts.holdMs, batch: opts.batch,
          ...(partitions ? { partitions } : {}),
          onCommit: (d) => {
            if (opts.progress) process.stderr.write(`committed tenant=${d.tenant} partition=${d.partition} messages=${d.messages} alerts=${d.alerts} seq=${d.lastSeq} waiting=${d.waiting}\n`);
          },
        });
        process.stdout.write(`correlator stopped: ${totals.messages} inputs, ${totals.skipped} redelivered and skipped, ${totals.alerts} alerts\n`);
      } finally {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        await nc?.drain().catch(() => {});
        await store.close();
      }
    });
}
