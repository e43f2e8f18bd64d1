// Two-pass mining of a whole file (the `templates mine` CSV): learn on every line online, fold
// templates that later generalisation made redundant, then give each line its final template.
// The grouping is the online miner's; the second pass only lets early lines see the template
// as it ended up.
import type { MinedLine } from '../types.ts';
import type { MinerConfigInput } from './config.ts';
import { TemplateMiner } from './miner.ts';

export interface BatchLine {
  mined: MinedLine;
  /** The template in the corrected-Loghub convention (what the benchmark CSV holds). */
  loghubTemplate: string;
}

export function mineAll(contents: readonly string[], config: MinerConfigInput = {}): BatchLine[] {
  // The whole file is the working set: no eviction while learning it.
  const miner = new TemplateMiner({ ...config, maxTemplates: Math.max(config.maxTemplates ?? 0, contents.length + 1) });
  // Learning needs no parameters: `learn` skips building them.
  for (const c of contents) miner.learn(c, 0);
  miner.consolidate();
  return contents.map((c) => {
    // Every learnt line fits its (possibly generalised or merged) template; `add` is only a
    // safety net that keeps the output complete should it not.
    const mined = miner.match(c) ?? miner.add(c, 0);
    return { mined, loghubTemplate: miner.loghubTemplate(mined.templateId) ?? mined.template };
  });
}
