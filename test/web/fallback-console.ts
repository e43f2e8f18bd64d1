// Used only while `stegosoc demo` cannot serve yet (no --port): the same console built by
// hand — the demo's logs ingested by the real CLI into tenant "demo", its inventory copied in,
// tenant "other" added, the API server started in this process.
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PRODUCT_ROOT } from '../../src/core/layer-dirs.ts';
import { validateConfig } from '../../src/config/load.ts';
import { startServer } from '../../src/server/serve.ts';
import type { ConsoleServer } from './console-server.ts';

export async function startFallbackConsole(): Promise<ConsoleServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'stegosoc-web-'));
  const log: string[] = [];
  const r = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'ingest', '--tenant', 'demo', '--data-dir', dataDir, '--no-progress', 'demo/logs/**/*'], { cwd: PRODUCT_ROOT, maxBuffer: 64 << 20 });
  log.push(r.stdout, r.stderr);
  mkdirSync(join(dataDir, 'tenants', 'demo'), { recursive: true });
  cpSync(join(PRODUCT_ROOT, 'demo', 'inventory'), join(dataDir, 'tenants', 'demo', 'inventory'), { recursive: true });
  const started = await startServer(validateConfig({ dataDir, listen: { host: '127.0.0.1', port: 0 }, log: { level: 'warn' } }));
  const tokens = started.app.ctx.tokens;
  const tokenOf = (tenant: string) => {
    if (!tokens.hasTenant(tenant)) tokens.addTenant(tenant);
    return tokens.createToken({ tenant, role: 'admin', name: 'browser-test' }).token;
  };
  return {
    url: started.url, token: tokenOf('demo'), otherToken: tokenOf('other'), dataDir,
    output: () => log.join('\n'),
    async stop() {
      await started.app.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
