// `npm start` runs this first (prestart): builds the console into web/dist when the build is
// missing or older than any of its sources, and does nothing otherwise (a second start costs
// one directory walk, not a build).
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const WEB = join(dirname(fileURLToPath(import.meta.url)), '..');
const BUILT = join(WEB, 'dist', 'index.html');
const SOURCES = ['src', 'index.html', 'vite.config.ts'].map((p) => join(WEB, p));

function newest(path: string): number {
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let t = st.mtimeMs;
  for (const e of readdirSync(path)) t = Math.max(t, newest(join(path, e)));
  return t;
}

export function isStale(): boolean {
  if (!existsSync(BUILT)) return true;
  const built = statSync(BUILT).mtimeMs;
  return SOURCES.some((s) => existsSync(s) && newest(s) > built);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (isStale()) {
    const t0 = Date.now();
    process.stdout.write('Building the console (web/dist)…\n');
    // Vite is loaded only when there is something to build: a fresh start skips its import.
    const { build } = await import('vite');
    await build({ root: WEB, logLevel: 'warn' });
    process.stdout.write(`Console built in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
  }
}
