// The Loghub-2k benchmark data as the miner benchmarks and tests read it at run time from
// ../shared (never copied into the repository), the header formats a user would pass for each
// dataset (logpai's public benchmark settings), and the two standard scores.
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { SHARED } from './lib.ts';

export const LOGHUB_DIR = join(SHARED, 'datasets', 'loghub-2k');

/** Header formats from logpai/logparser's benchmark settings: what a user passes as --log-format. */
export const LOGHUB_FORMATS: Record<string, string> = {
  HDFS: '<Date> <Time> <Pid> <Level> <Component>: <Content>',
  Hadoop: '<Date> <Time> <Level> \\[<Process>\\] <Component>: <Content>',
  Spark: '<Date> <Time> <Level> <Component>: <Content>',
  Zookeeper: '<Date> <Time> - <Level>  \\[<Node>:<Component>@<Id>\\] - <Content>',
  BGL: '<Label> <Timestamp> <Date> <Node> <Time> <NodeRepeat> <Type> <Component> <Level> <Content>',
  HPC: '<LogId> <Node> <Component> <State> <Time> <Flag> <Content>',
  Windows: '<Date> <Time>, <Level>                  <Component>    <Content>',
  Linux: '<Month> <Date> <Time> <Level> <Component>(\\[<PID>\\])?: <Content>',
  Android: '<Date> <Time>  <Pid>  <Tid> <Level> <Component>: <Content>',
  Apache: '\\[<Time>\\] \\[<Level>\\] <Content>',
  OpenSSH: '<Date> <Day> <Time> <Component> sshd\\[<Pid>\\]: <Content>',
};

export const LOGHUB_DATASETS = Object.keys(LOGHUB_FORMATS);

export function loghubAvailable(): boolean {
  return existsSync(LOGHUB_DIR);
}

export function logPath(dataset: string): string {
  return join(LOGHUB_DIR, dataset, `${dataset}_2k.log`);
}

export interface Truth {
  content: string[];
  template: string[];
}

/** The corrected ground truth (Khan et al., ICSE'22), one entry per line in LineId order. */
export function loadTruth(dataset: string): Truth {
  const text = readFileSync(join(LOGHUB_DIR, dataset, `${dataset}_2k.log_structured_corrected.csv`), 'utf8');
  const rows = parse(text, { columns: true, skip_empty_lines: true, relax_quotes: true }) as Record<string, string>[];
  return { content: rows.map((r) => r.Content ?? ''), template: rows.map((r) => r.EventTemplate ?? '') };
}

/**
 * Grouping accuracy (Loghub's definition): a line counts as right only when the set of lines in
 * its predicted group is exactly the set in its true group.
 */
export function groupingAccuracy(predicted: readonly string[], truth: readonly string[]): number {
  const groups = new Map<string, number[]>();
  predicted.forEach((p, i) => {
    const g = groups.get(p);
    if (g) g.push(i);
    else groups.set(p, [i]);
  });
  const truthSize = new Map<string, number>();
  for (const t of truth) truthSize.set(t, (truthSize.get(t) ?? 0) + 1);
  let correct = 0;
  for (const lines of groups.values()) {
    const t = truth[lines[0] as number] as string;
    if (lines.every((i) => truth[i] === t) && truthSize.get(t) === lines.length) correct += lines.length;
  }
  return correct / truth.length;
}

/** Parsing accuracy: share of lines whose predicted template text equals the true one exactly. */
export function parsingAccuracy(predicted: readonly string[], truth: readonly string[]): number {
  let ok = 0;
  for (let i = 0; i < truth.length; i++) if ((predicted[i] ?? '').trim() === (truth[i] ?? '').trim()) ok++;
  return ok / truth.length;
}
