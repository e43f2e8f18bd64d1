// The browser tests drive the built console: build web/dist first when it is missing or older
// than its sources (what `npm start` does), so a fresh clone's `npm test` tests today's code.
// Test files run in parallel; a lock directory keeps two builds from emptying each other's dist.
import { mkdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'vite';
import { PRODUCT_ROOT } from '../../src/core/layer-dirs.ts';
import { isStale } from '../../web/scripts/build-if-stale.ts';

const LOCK = join(PRODUCT_ROOT, 'web', '.build-lock');

export async function ensureWebBuilt(): Promise<void> {
  for (;;) {
    try {
      mkdirSync(LOCK);
      break;
    } catch {
      // A lock left by a killed run is older than any build takes.
      const held = statSync(LOCK, { throwIfNoEntry: false });
      if (held && Date.now() - held.mtimeMs > 120_000) rmSync(LOCK, { recursive: true, force: true });
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  try {
    if (isStale()) await build({ root: join(PRODUCT_ROOT, 'web'), logLevel: 'warn' });
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}
