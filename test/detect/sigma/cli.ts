// Runs the real CLI (bin/stegosoc.js) as a child process.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { PRODUCT_ROOT } from '../../../src/core/layer-dirs.ts';

export function runCli(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [join(PRODUCT_ROOT, 'bin', 'stegosoc.js'), ...args], { encoding: 'utf8', maxBuffer: 1 << 28 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
