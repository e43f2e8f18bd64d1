// Throughput of the online template miner on one core: 1,000,000 lines built at run time from
// the Loghub-2k samples (shuffled, numbers varied so the exact-signature cache does not see the
// same line twice), fed to `TemplateMiner.add` as the pipeline does. Baseline in the same run:
// a bare whitespace tokenise pass over the same lines (the least any miner must do).
// "One core" is measured as CPU time of this process (user + system, so GC threads count
// against us): the machine is shared, and wall time would measure the neighbours' load too.
// Wall-clock rates are printed beside it.
// Two ways through the miner are measured: `add` (template and typed parameters, what the
// pipeline calls) and `learn` (template id only, what the CSV mode's learning pass calls).
// The code runs as loaded by tsx: an A/B against an esbuild bundle of the same code showed no
// difference beyond run-to-run noise on this shared machine, so no build step is involved.
import { readFileSync } from 'node:fs';
import { figure, timed } from './lib.ts';
import type { BenchResult } from './run.ts';
import { LOGHUB_DATASETS, LOGHUB_FORMATS, loghubAvailable, logPath } from './loghub.ts';
import { compileLogFormat } from '../src/parse/loghub-format.ts';
import { splitLines } from '../src/parse/miner/mine-file.ts';
import { TemplateMiner } from '../src/parse/miner/miner.ts';
import { tokenize } from '../src/parse/miner/tokenize.ts';
import { seededRandom as rng } from '../src/core/random.ts';

const LINES = 1_000_000;
const TARGET_LINES_PER_S = 500_000;
const TARGET_MB = 300;


function cpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

function buildInput(): string[] {
  const pool: string[] = [];
  for (const d of LOGHUB_DATASETS) {
    const format = compileLogFormat(LOGHUB_FORMATS[d] as string);
    for (const line of splitLines(readFileSync(logPath(d), 'utf8'))) pool.push(format.split(line.trim())?.content ?? line);
  }
  const rand = rng(42);
  const out: string[] = new Array(LINES);
  for (let i = 0; i < LINES; i++) {
    const base = pool[Math.floor(rand() * pool.length)] as string;
    // Vary every number so values differ line to line, as in a real stream.
    out[i] = base.replace(/\d+/g, (m) => String((Number(m.slice(0, 9)) + i) % 10 ** Math.min(m.length, 9)));
  }
  return out;
}

export async function run(): Promise<BenchResult[]> {
  if (!loghubAvailable()) {
    process.stdout.write('  skipped: ../shared/datasets/loghub-2k not found\n');
    return [];
  }
  const input = buildInput();
  global.gc?.();
  const heapBefore = process.memoryUsage().heapUsed;

  let cpu0 = cpuSeconds();
  const base = await timed(() => {
    let tokens = 0;
    for (const line of input) tokens += tokenize(line, 200).length;
    return tokens;
  });
  const baseCpu = cpuSeconds() - cpu0;
  const miner = new TemplateMiner();
  let peakRss = process.memoryUsage().rss;
  cpu0 = cpuSeconds();
  const mined = await timed(() => {
    let params = 0;
    for (let i = 0; i < input.length; i++) {
      params += miner.add(input[i] as string, 0).params.length;
      if ((i & 0xffff) === 0) peakRss = Math.max(peakRss, process.memoryUsage().rss);
    }
    return params;
  });
  const minedCpu = cpuSeconds() - cpu0;
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  const heapAfter = process.memoryUsage().heapUsed;

  const idMiner = new TemplateMiner();
  cpu0 = cpuSeconds();
  const learnt = await timed(() => {
    let ids = 0;
    for (let i = 0; i < input.length; i++) ids += idMiner.learn(input[i] as string, 0).length;
    return ids;
  });
  const learnCpu = cpuSeconds() - cpu0;
  if (idMiner.size !== miner.size) throw new Error(`learn() found ${idMiner.size} templates, add() ${miner.size}`);

  const rate = LINES / minedCpu;
  const learnRate = LINES / learnCpu;
  const baseRate = LINES / baseCpu;
  const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
  process.stdout.write(
    `  ${fmt(LINES)} lines, ${miner.size} templates\n` +
      `  per CPU-second: add() ${fmt(rate)} lines/s, learn() ${fmt(learnRate)} lines/s, baseline tokenise-only ${fmt(baseRate)} lines/s` +
      ` → add() at ${(rate / baseRate).toFixed(2)}x, learn() at ${(learnRate / baseRate).toFixed(2)}x the baseline's rate\n` +
      `  wall clock (shared machine): add() ${fmt(LINES / mined.seconds)} lines/s, learn() ${fmt(LINES / learnt.seconds)} lines/s, baseline ${fmt(LINES / base.seconds)} lines/s\n`,
  );
  process.stdout.write(`  heap growth over the run ${((heapAfter - heapBefore) / 2 ** 20).toFixed(1)} MB (input itself included in RSS)\n`);
  return [
    figure('miner throughput, one core (CPU time), add() with parameters', rate, '>=', TARGET_LINES_PER_S, ' lines/s'),
    figure('miner throughput, one core (CPU time), learn() ids only', learnRate, '>=', TARGET_LINES_PER_S, ' lines/s'),
    figure('peak RSS for the 1M-line run', peakRss / 2 ** 20, '<=', TARGET_MB, ' MB'),
  ];
}
