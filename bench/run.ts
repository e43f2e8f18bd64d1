// `npm run bench`: runs every benchmark under bench/ (or those named on the command line)
// in turn. Each benchmark prints its figures next to their targets and a baseline measured
// in the same run; this runner only sequences them and reports which fell short.
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export interface BenchResult {
  name: string;
  /** False when a figure missed its target; the bench still prints everything it measured. */
  ok: boolean;
}

const here = dirname(fileURLToPath(import.meta.url));
const wanted = process.argv.slice(2);
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => wanted.length === 0 || wanted.some((w) => f.includes(w)))
  .sort();

const results: BenchResult[] = [];
for (const file of files) {
  process.stdout.write(`\n=== ${file} ===\n`);
  const mod = (await import(pathToFileURL(join(here, file)).href)) as { run: () => Promise<BenchResult[]> };
  results.push(...(await mod.run()));
}
process.stdout.write('\n=== summary ===\n');
for (const r of results) process.stdout.write(`${r.ok ? 'PASS' : 'MISS'}  ${r.name}\n`);
