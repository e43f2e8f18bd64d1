// Regenerates the demo enterprise (demo/logs/ and demo/inventory/) from its fixed seed, byte for
// byte: `node --import tsx demo/generate-logs.ts [--seed N] [--scale X]`. The generator itself
// lives in src/demo/ (typed and tested: the same seed gives the same bytes).
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DEFAULT_SEED } from '../src/demo/estate.ts';
import { generateDemo, writeDemo } from '../src/demo/generate.ts';

const { values } = parseArgs({ options: { seed: { type: 'string' }, scale: { type: 'string' } } });
const seed = values.seed ? Number(values.seed) : DEFAULT_SEED;
const scale = values.scale ? Number(values.scale) : 1;
if (!Number.isInteger(seed) || !(scale > 0)) throw new Error('--seed must be an integer and --scale a positive number');
const files = generateDemo(seed, scale);
writeDemo(dirname(fileURLToPath(import.meta.url)), files);
let total = 0;
for (const [name, text] of files.logs) {
  const n = text.split('\n').length - 1;
  total += n;
  process.stdout.write(`logs/${name}: ${n} lines\n`);
}
process.stdout.write(`${total} log lines; inventory: ${[...files.inventory.keys()].join(', ')}\n`);
