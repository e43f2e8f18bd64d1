// What `stegosoc worker` and `stegosoc correlator` share as processes: a PostgreSQL store, a
// NATS connection, and a stop on SIGINT/SIGTERM that lets the work in hand finish (the
// signal aborts; the run returns; the connection drains and the store closes).
import type { NatsConnection } from '@nats-io/nats-core';
import { connectNats } from '../pipeline/nats/stream.ts';
import { openPostgresStore, redactUrl, type PostgresStore } from '../store/postgres/postgres-store.ts';
import { resolveDataDir } from '../store/locations.ts';

export interface ScaleOutContext {
  nc: NatsConnection;
  store: PostgresStore;
  dataDir: string;
  signal: AbortSignal;
  warn: (message: string) => void;
}

/** Runs `work` until it returns (after a stop signal), then prints its closing line. */
export async function runScaleOutProcess(
  name: 'worker' | 'correlator',
  opts: { nats: string; store: string; dataDir?: string },
  work: (ctx: ScaleOutContext) => Promise<string>,
): Promise<void> {
  if (!/^postgres(ql)?:\/\//.test(opts.store)) throw new Error(`--store must be a postgres:// address, got ${JSON.stringify(redactUrl(opts.store))}`);
  const dataDir = resolveDataDir(opts.dataDir);
  const warn = (m: string) => process.stderr.write(`stegosoc ${name}: ${m}\n`);
  const store = await openPostgresStore(opts.store);
  const ac = new AbortController();
  const stop = () => ac.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  let nc: NatsConnection | undefined;
  try {
    nc = await connectNats(opts.nats, `stegosoc-${name}`);
    process.stdout.write(`${await work({ nc, store, dataDir, signal: ac.signal, warn })}\n`);
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    await nc?.drain().catch(() => {});
    await store.close();
  }
}
