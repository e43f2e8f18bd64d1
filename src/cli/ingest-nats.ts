// `stegosoc ingest … --to nats://…`: the publishing side of scale-out, kept apart from the
// local ingest command it branches from (src/cli/ingest.ts).
import { ingestToNats } from '../pipeline/nats/ingest-to-nats.ts';
import { parseListen } from '../pipeline/ingest-setup.ts';
import { openSqliteStore } from '../store/index.ts';
import { defaultDbPath, resolveDataDir } from '../store/locations.ts';

/** The source options `ingest` takes, whichever way it sends the lines. */
export interface IngestSourceOptions {
  follow?: boolean;
  tenant: string;
  db?: string;
  dataDir?: string;
  syslogUdp?: string;
  syslogTcp?: string;
  maxLineBytes: number;
  pollMs: number;
  progress: boolean;
}

export interface IngestNatsOptions extends IngestSourceOptions {
  to: string;
  stream?: string;
}

export async function ingestToNatsCommand(paths: string[], opts: IngestNatsOptions): Promise<void> {
  if (!/^(nats|tls):\/\//.test(opts.to)) throw new Error(`--to must be a nats:// address, got ${JSON.stringify(opts.to)}`);
  const dataDir = resolveDataDir(opts.dataDir);
  // Only the sources' checkpoints are kept here; events are stored by the workers.
  const store = openSqliteStore(opts.db ?? defaultDbPath(dataDir));
  const ac = new AbortController();
  const stop = () => ac.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    const totals = await ingestToNats({
      url: opts.to, ...(opts.stream ? { stream: { stream: opts.stream } } : {}),
      paths, tenant: opts.tenant, follow: opts.follow ?? false, dataDir, store,
      ...(opts.syslogUdp ? { syslogUdp: parseListen(opts.syslogUdp) } : {}),
      ...(opts.syslogTcp ? { syslogTcp: parseListen(opts.syslogTcp) } : {}),
      maxLineBytes: opts.maxLineBytes, pollMs: opts.pollMs, progress: opts.progress, signal: ac.signal,
      onWarning: (m) => process.stderr.write(`stegosoc: ${m}\n`),
      onListening: (m) => process.stderr.write(`stegosoc: ${m}\n`),
    });
    process.stdout.write(`published ${totals.lines} lines for tenant ${opts.tenant} in ${totals.messages} messages to ${opts.to}` +
      `${totals.duplicates ? ` (${totals.duplicates} already in the stream)` : ''}\n`);
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    await store.close();
  }
}
