// `stegosoc serve`: the HTTP API. Configuration comes from a YAML file (validated on start,
// errors name file, line and key), with the command line overriding the data dir and address.
import type { Command } from 'commander';
import { loadConfig, validateConfig } from '../config/load.ts';
import type { ServerConfig } from '../config/schema.ts';
import { startServer } from '../server/serve.ts';
import { resolveDataDir } from '../store/locations.ts';
import { parseListen } from '../pipeline/ingest-setup.ts';

interface ServeOptions {
  config?: string;
  dataDir?: string;
  listen?: string;
  store?: string;
}

export function configFor(opts: ServeOptions): ServerConfig {
  const base = opts.config ? loadConfig(opts.config) : validateConfig({}, undefined);
  const dataDir = opts.dataDir || !opts.config ? resolveDataDir(opts.dataDir) : base.dataDir;
  // --store replaces the file's store section whole, checked as the file's would be.
  const store = opts.store ? validateConfig({ store: { url: opts.store } }, '--store').store : base.store;
  return { ...base, dataDir, store, ...(opts.listen ? { listen: parseListen(opts.listen) } : {}) };
}

export function register(program: Command): void {
  program
    .command('serve')
    .description('serve the HTTP API (ingest, search, alerts, templates, tenants, metrics)')
    .option('-c, --config <file>', 'configuration file (YAML)')
    .option('--data-dir <dir>', 'data directory (default: the config\'s, else $STEGOSOC_DATA or ./var)')
    .option('-l, --listen <addr>', 'listen address, PORT or HOST:PORT (default 127.0.0.1:8080)')
    .option('--store <url>', 'store address: postgres://user@host/db (shared store), sqlite:PATH or a path (default: the config\'s, else <data-dir>/stegosoc.db)')
    .action(async (opts: ServeOptions) => {
      const started = await startServer(configFor(opts));
      process.stdout.write(`StegoSOC API listening on ${started.url} (OpenAPI at ${started.url}/openapi.json)\n`);
      if (started.bootstrapToken) {
        process.stdout.write(`first start: global admin token (shown once, keep it): ${started.bootstrapToken}\n`);
      }
      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      await started.app.close();
    });
}
