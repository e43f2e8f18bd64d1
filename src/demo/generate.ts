// The whole demo enterprise from one seed: a day of logs (demo/logs/) with the attack woven in,
// and the inventory (demo/inventory/). Pure: the same seed and scale give the same bytes, so the
// committed files can be checked against a fresh generation.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DEFAULT_SEED } from './estate.ts';
import { Gen, LogSet } from './gen.ts';
import { linuxDay } from './day-linux.ts';
import { otherDay } from './day-other.ts';
import { attack } from './attack.ts';
import { benign } from './benign.ts';
import { inventoryFiles } from './inventory.ts';

export interface DemoFiles {
  /** Log files, by path under demo/logs/. */
  logs: Map<string, string>;
  /** Inventory files, by path under demo/inventory/. */
  inventory: Map<string, string>;
}

export function generateDemo(seed = DEFAULT_SEED, scale = 1): DemoFiles {
  const logs = new LogSet();
  const serials = new Map<string, number>();
  // One random stream per part, so changing one part leaves the others' lines unchanged.
  linuxDay(new Gen(seed), logs, scale, serials);
  otherDay(new Gen(seed + 1), logs, scale);
  attack(new Gen(seed + 2), logs, serials);
  benign(new Gen(seed + 3), logs);
  return { logs: logs.render(), inventory: inventoryFiles() };
}

/** Replaces `<demoDir>/logs` and `<demoDir>/inventory` with a fresh generation. */
export function writeDemo(demoDir: string, files: DemoFiles): void {
  for (const [sub, map] of [['logs', files.logs], ['inventory', files.inventory]] as const) {
    rmSync(join(demoDir, sub), { recursive: true, force: true });
    for (const [name, text] of map) {
      const p = join(demoDir, sub, name);
      mkdirSync(dirname(p), { recursive: true });
      writeFileSync(p, text);
    }
  }
}
