// Accuracy of the template miner on the 11 Loghub-2k datasets against the corrected ground
// truth (Khan et al., ICSE'22), through the same code as `templates mine`: grouping accuracy
// (GA) and parsing accuracy (PA) with the dataset's header format given (the two-pass CSV
// mode), GA of the single-pass online mode, and GA with no format given (header detected).
// Baseline in the same run: grouping lines by their masked signature alone (no clustering).
import { readFileSync } from 'node:fs';
import { figure } from './lib.ts';
import type { BenchResult } from './run.ts';
import { LOGHUB_DATASETS, LOGHUB_FORMATS, groupingAccuracy, loadTruth, loghubAvailable, logPath, parsingAccuracy } from './loghub.ts';
import { contentsOf, mineLines, splitLines } from '../src/parse/miner/mine-file.ts';
import { prepareLine } from '../src/parse/miner/prepare.ts';
import { MinerConfigSchema } from '../src/parse/miner/config.ts';

const TARGET_GA = 0.98;
const TARGET_PA = 0.8;
const TARGET_GA_NO_FORMAT = 0.95;

interface Row {
  dataset: string;
  ga: number;
  pa: number;
  online: number;
  noFormat: number;
  baseline: number;
}

function score(dataset: string): Row {
  const lines = splitLines(readFileSync(logPath(dataset), 'utf8'));
  const truth = loadTruth(dataset);
  if (truth.template.length !== lines.length) throw new Error(`${dataset}: ${lines.length} lines but ${truth.template.length} truth rows`);
  const logFormat = LOGHUB_FORMATS[dataset] as string;
  const batch = mineLines(lines, { logFormat });
  const online = mineLines(lines, { logFormat, online: true });
  const detected = mineLines(lines);
  const cfg = MinerConfigSchema.parse({});
  const signatures = contentsOf(lines, logFormat).map((c) => prepareLine(c, cfg.maxTokens, cfg.maxTokenChars).key);
  return {
    dataset,
    ga: groupingAccuracy(batch.map((r) => r.eventId), truth.template),
    pa: parsingAccuracy(batch.map((r) => r.eventTemplate), truth.template),
    online: groupingAccuracy(online.map((r) => r.eventId), truth.template),
    noFormat: groupingAccuracy(detected.map((r) => r.eventId), truth.template),
    baseline: groupingAccuracy(signatures, truth.template),
  };
}

export async function run(): Promise<BenchResult[]> {
  if (!loghubAvailable()) {
    process.stdout.write('  skipped: ../shared/datasets/loghub-2k not found\n');
    return [];
  }
  const rows = LOGHUB_DATASETS.map(score);
  const f = (n: number) => n.toFixed(3);
  process.stdout.write(`  ${'dataset'.padEnd(10)}  GA     PA     GA-online  GA-no-format  GA-baseline(masked signature)\n`);
  for (const r of rows) {
    process.stdout.write(`  ${r.dataset.padEnd(10)}  ${f(r.ga)}  ${f(r.pa)}  ${f(r.online)}      ${f(r.noFormat)}         ${f(r.baseline)}\n`);
  }
  const avg = (k: keyof Omit<Row, 'dataset'>) => rows.reduce((s, r) => s + r[k], 0) / rows.length;
  process.stdout.write(
    `  ${'average'.padEnd(10)}  ${f(avg('ga'))}  ${f(avg('pa'))}  ${f(avg('online'))}      ${f(avg('noFormat'))}         ${f(avg('baseline'))}\n` +
      `  miner GA vs baseline: ${(avg('ga') / avg('baseline')).toFixed(2)}x; for scale, published Drain GA 0.865, Brain 0.983 (original truth)\n`,
  );
  const results: BenchResult[] = [
    figure('average GA with --log-format', avg('ga'), '>=', TARGET_GA),
    figure('average PA with --log-format', avg('pa'), '>=', TARGET_PA),
    figure('average GA, no format given', avg('noFormat'), '>=', TARGET_GA_NO_FORMAT),
  ];
  for (const r of rows) {
    results.push(figure(`${r.dataset} GA`, r.ga, '>=', TARGET_GA));
    results.push(figure(`${r.dataset} PA`, r.pa, '>=', TARGET_PA));
    results.push(figure(`${r.dataset} GA, no format given`, r.noFormat, '>=', TARGET_GA_NO_FORMAT));
  }
  return results;
}
