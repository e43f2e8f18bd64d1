// `stegosoc demo` (= `npm start`): the main job. Runs the demo enterprise end to end on a fresh
// embedded store — ingest and parse every demo log, learn the format no parser knows, L1 alerts,
// the L2 hourly reports of the whole day, the attack graph with the attack's alerts placed on
// it — prints a short summary, then serves the console on localhost and prints the address with
// an admin token of tenant "demo" (and one of an empty tenant "other"). `--no-serve` stops after
// the summary. Progress goes to stderr, the summary and the Console line to stdout.
import type { Command } from 'commander';
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { DEMO_INVENTORY, ensureDemoLogs } from '../demo/ensure.ts';
import { validateConfig } from '../config/load.ts';
import { startServer } from '../server/serve.ts';
import { openTokenStore, tokenDbPath } from '../server/auth/token-store.ts';
import { DEMO_TENANT, runDemo } from '../demo/run.ts';
import { printSummary } from '../demo/summary.ts';

export const OTHER_TENANT = 'other';

interface DemoOptions {
  dataDir?: string;
  port: string;
  host: string;
  serve: boolean;
}

/** Tenants "demo" and "other" with an admin token each, and a global-admin token in a 0600 file. */
export function demoTokens(dataDir: string): { demo: string; other: string; globalFile: string } {
  const tokens = openTokenStore(tokenDbPath(dataDir));
  try {
    for (const t of [DEMO_TENANT, OTHER_TENANT]) if (!tokens.hasTenant(t)) tokens.addTenant(t);
    const demo = tokens.createToken({ tenant: DEMO_TENANT, role: 'admin', name: 'demo console' }).token;
    const other = tokens.createToken({ tenant: OTHER_TENANT, role: 'admin', name: 'demo console' }).token;
    const global = tokens.createToken({ tenant: null, role: 'global-admin', name: 'demo global admin' }).token;
    const globalFile = join(dataDir, 'global-admin.token');
    writeFileSync(globalFile, `${global}\n`, { mode: 0o600 });
    chmodSync(globalFile, 0o600); // an existing file keeps its mode on write
    return { demo, other, globalFile };
  } finally {
    tokens.close();
  }
}

function parsePort(s: string): number {
  const n = Number(s);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`--port must be 0..65535 (0 = any free port), got ${JSON.stringify(s)}`);
  return n;
}

export function register(program: Command): void {
  program
    .command('demo')
    .description('run the demo enterprise end to end (ingest, parse, L1, L2, attack graph), then serve the console')
    .option('--data-dir <dir>', 'where to keep the demo store (default: a new temporary directory)')
    .option('--port <port>', 'console port (0 = any free port)', '8080')
    .option('--host <host>', 'console address to listen on', '127.0.0.1')
    .option('--no-serve', 'exit after the summary instead of serving the console')
    .action(async (opts: DemoOptions) => {
      const port = parsePort(opts.port);
      const logs = await ensureDemoLogs((s) => process.stderr.write(`${s}\n`));
      const inventory = DEMO_INVENTORY;
      if (!existsSync(inventory)) throw new Error(`${inventory} is missing: regenerate the demo with \`node --import tsx demo/generate-logs.ts\``);
      const temporary = opts.dataDir === undefined;
      const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'stegosoc-demo-'));
      const out = (s = '') => process.stdout.write(`${s}\n`);
      const say = (s: string) => process.stderr.write(`${s}\n`);
      say(`StegoSOC demo: data directory ${dataDir}`);
      const run = await runDemo({
        dataDir, logsDir: logs, inventoryDir: inventory,
        say, onWarning: (m) => process.stderr.write(`stegosoc: ${m}\n`), progress: true,
      });
      printSummary(run, out, relative(process.cwd(), logs) || logs);
      out();
      // Since the process started (performance.now() counts from there): what a newcomer waits.
      const elapsed = () => (performance.now() / 1000).toFixed(1);
      if (!opts.serve) {
        out(`Store: ${run.db}`);
        out(`Demo processed in ${elapsed()} s (${run.stages.map((s) => `${s.stage} ${(s.ms / 1000).toFixed(1)} s`).join(', ')})`);
        return;
      }
      say('[4/4] console: tenants, tokens and the HTTP server…');
      const tokens = demoTokens(dataDir);
      const base = validateConfig({}, undefined);
      const server = await startServer({ ...base, dataDir, listen: { host: opts.host, port } }).catch((err: NodeJS.ErrnoException) => {
        if (err.code === 'EADDRINUSE') throw new Error(`${opts.host}:${port} is in use: give --port 0 (any free port) or another port; the demo data stays in ${dataDir}`);
        throw err;
      });
      const bound = server.app.app.server.address();
      const boundPort = bound && typeof bound === 'object' ? bound.port : port;
      const shownHost = opts.host.includes(':') ? `[${opts.host}]` : opts.host;
      out(`Demo processed and console up in ${elapsed()} s; global admin token in ${tokens.globalFile}` +
        (temporary ? ' (a temporary data dir, removed on exit; --data-dir D keeps one)' : ''));
      out(`Other tenant token: ${tokens.other}`);
      out(`Console: http://${shownHost}:${boundPort}/  token: ${tokens.demo}`);
      await new Promise<void>((resolve) => {
        process.once('SIGINT', () => resolve());
        process.once('SIGTERM', () => resolve());
      });
      await server.app.close();
      if (temporary) rmSync(dataDir, { recursive: true, force: true });
    });
}
