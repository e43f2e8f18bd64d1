// `stegosoc parse FILE --output jsonl`: parses without storing anything and writes one JSON
// object per input line (an event, or an unparsed line with its reason) to stdout.
import type { Command } from 'commander';
import { DEFAULT_TENANT } from '../core/event.ts';
import { DEFAULT_MAX_LINE_BYTES } from '../ingest/framing.ts';
import { LINES, accountedLines } from '../pipeline/counters.ts';
import { parseOnly } from '../pipeline/parse-only.ts';
import { resolveDataDir } from '../store/locations.ts';
import { positiveInt } from './options.ts';

const OUTPUTS = ['jsonl'] as const;

export function register(program: Command): void {
  program
    .command('parse')
    .description('parse log files (or `-` for stdin) and print one JSON event per line, storing nothing')
    .argument('<paths...>', 'files or glob patterns; `-` reads stdin')
    .option('-o, --output <format>', `output format: ${OUTPUTS.join(', ')}`, 'jsonl')
    .option('-t, --tenant <tenant>', 'tenant whose parser layer applies', DEFAULT_TENANT)
    .option('--data-dir <dir>', 'data directory holding tenant parser layers (default $STEGOSOC_DATA or ./var)')
    .option('--max-line-bytes <n>', 'longer lines are cut and reported as unparsed', positiveInt('--max-line-bytes'), DEFAULT_MAX_LINE_BYTES)
    .action(async (paths: string[], opts: { output: string; tenant: string; dataDir?: string; maxLineBytes: number }) => {
      if (!(OUTPUTS as readonly string[]).includes(opts.output)) throw new Error(`unknown output format ${JSON.stringify(opts.output)}: use ${OUTPUTS.join(', ')}`);
      const ac = new AbortController();
      // stdout closed early (`| head`) is not an error: stop reading.
      process.stdout.on('error', () => ac.abort());
      const totals = await parseOnly(
        { paths, tenant: opts.tenant, dataDir: resolveDataDir(opts.dataDir), maxLineBytes: opts.maxLineBytes, signal: ac.signal,
          onWarning: (m) => process.stderr.write(`stegosoc: ${m}\n`) },
        (o) => {
          if (!ac.signal.aborted) process.stdout.write(`${JSON.stringify(o)}\n`);
        },
      );
      process.stderr.write(`parsed ${totals[LINES] ?? 0} lines (${accountedLines(totals)} accounted for, ${totals['empty'] ?? 0} empty)\n`);
    });
}
