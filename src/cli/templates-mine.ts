// `stegosoc templates mine FILE --out OUT.csv`: mines a log file's templates and writes the
// Loghub benchmark CSV (LineId,Content,EventId,EventTemplate), one row per input line in order.
// The `templates` command itself (list, promote) lives in templates.ts, which calls this.
import { readFileSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { stringify } from 'csv-stringify/sync';
import { mineLines, splitLines } from '../parse/miner/mine-file.ts';

interface MineOptions {
  out: string;
  logFormat?: string;
  online?: boolean;
}

export function registerTemplatesMine(templates: Command): void {
  templates
    .command('mine')
    .description('mine the templates of a log file and write LineId,Content,EventId,EventTemplate as CSV')
    .argument('<file>', 'log file, one message a line')
    .requiredOption('-o, --out <csv>', 'CSV file to write')
    .option('--log-format <format>', 'Loghub header format, e.g. "<Date> <Time> <Level> <Component>: <Content>" (default: detect the header)')
    .option('--online', 'give each line the template it had when it arrived (single pass) instead of the final one')
    .action((file: string, opts: MineOptions) => {
      // Invalid UTF-8 becomes U+FFFD rather than an error: the line is still mined and output.
      const text = new TextDecoder('utf-8', { fatal: false }).decode(readFileSync(file));
      const rows = mineLines(splitLines(text), { logFormat: opts.logFormat, online: opts.online ?? false });
      const csv = stringify(
        rows.map((r) => [r.lineId, r.content, r.eventId, r.eventTemplate]),
        { header: true, columns: ['LineId', 'Content', 'EventId', 'EventTemplate'] },
      );
      writeFileSync(opts.out, csv);
      const templates = new Set(rows.map((r) => r.eventId)).size;
      process.stderr.write(`${rows.length} lines, ${templates} templates → ${opts.out}\n`);
    });
}
