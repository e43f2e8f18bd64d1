// The console the browser tests drive: the main job (`stegosoc demo --port 0`) in its own
// process, with its address and the two tenants' tokens read from what it prints.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PRODUCT_ROOT } from '../../src/core/layer-dirs.ts';

export interface ConsoleServer {
  url: string;
  /** Admin token of tenant "demo". */
  token: string;
  /** Admin token of the empty tenant "other". */
  otherToken: string;
  dataDir: string;
  /** Everything the job printed, for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

const CONSOLE = /^Console: (http:\/\/\S+?)\/?\s+token: (\S+)\s*$/m;
const OTHER = /^Other tenant token: (\S+)\s*$/m;

/** Runs the demo end to end and waits (up to `timeoutMs`) for it to serve the console. */
export async function startDemoConsole(timeoutMs = 300_000): Promise<ConsoleServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'stegosoc-web-'));
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'demo', '--data-dir', dataDir, '--port', '0'], {
    cwd: PRODUCT_ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' },
  });
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (out += d));
  const stop = () => stopChild(child).finally(() => rmSync(dataDir, { recursive: true, force: true }));
  try {
    const got = await new Promise<{ url: string; token: string; otherToken: string }>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the demo did not serve the console within ${timeoutMs / 1000} s:\n${out.slice(-3000)}`)), timeoutMs);
      const check = () => {
        const c = CONSOLE.exec(out);
        const o = OTHER.exec(out);
        if (c?.[1] && c[2] && o?.[1]) {
          clearTimeout(timer);
          resolve({ url: c[1], token: c[2], otherToken: o[1] });
        }
      };
      child.stdout.on('data', check);
      child.on('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`the demo exited (${code}) before serving the console:\n${out.slice(-3000)}`));
      });
    });
    return { ...got, dataDir, output: () => out, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

