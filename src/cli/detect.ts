// `stegosoc detect --rules DIR --input FILE [--format auto|jsonl|<parser>] --output jsonl`:
// runs every Sigma rule (and correlation, in the file's time order) over the file and prints
// one JSON alert per line, with rule.id/title/level/author and input.line (input.lines for a
// correlation). Without --rules the shipped global ruleset is used; --tenant/--data-dir add
// the tenant's layer. With --follow it then keeps reading what is appended to the file and
// reloads the rules when their files change (a bad edit keeps the previous rules).
import type { Command } from 'commander';
import { DEFAULT_TENANT } from '../core/event.ts';
import { buildLayeredRuleset, type LayeredRuleset } from '../detect/sigma/layering.ts';
import { DetectionEngine } from '../detect/sigma/engine.ts';
import { readFileSync } from 'node:fs';
import { lineParsers, parseLines, readEvents } from '../detect/sigma/input-reader.ts';
import { RulesetReloader } from '../detect/sigma/rule-watcher.ts';
import { followFile } from '../detect/sigma/follow-file.ts';
import { SqliteCorrelationStateStore } from '../detect/sigma/correlation-state-sqlite.ts';
import { SqliteAlertSink } from '../detect/sigma/alert-store-sqlite.ts';
import { parseTimespan } from '../detect/sigma/timespan.ts';
import type { Alert } from '../detect/sigma/alert.ts';

interface DetectOptions {
  rules?: string[];
  input: string;
  format: string;
  output: string;
  tenant: string;
  dataDir?: string;
  throttle?: string;
  throttleBy: string;
  state?: string;
  alertsDb?: string;
  builtin?: boolean;
  events: boolean;
  follow?: boolean;
  pollMs: string;
}

export function register(program: Command): void {
  program
    .command('detect')
    .description('run Sigma rules over a log file and print alerts as JSON lines')
    .option('-r, --rules <dir...>', 'rule folders or files (repeatable); default: the shipped global ruleset')
    .option('--builtin', 'also load the shipped global ruleset when --rules is given')
    .requiredOption('-i, --input <file>', 'log file to scan')
    .option('--format <format>', 'auto, jsonl or a parser name', 'auto')
    .option('--output <format>', 'output format (jsonl)', 'jsonl')
    .option('-t, --tenant <tenant>', 'tenant (selects its rule, mapping and list layers)', DEFAULT_TENANT)
    .option('--data-dir <dir>', 'data directory holding tenants/<tenant>/{rules,filters,mappings,lists}')
    .option('--throttle <span>', 'fold repeats of a rule and group within this span (e.g. 5m) into one alert')
    .option('--throttle-by <what>', 'rule (repeats of a rule fold) or entity (repeats of a rule for the same user/source/host fold)', 'rule')
    .option('--state <file>', 'SQLite file keeping correlation state across runs')
    .option('--alerts-db <file>', 'also store alerts in this SQLite file')
    .option('--no-events', 'leave the matching event out of each alert')
    .option('-f, --follow', 'keep reading lines appended to the input, and reload the rules when their files change (until interrupted)')
    .option('--poll-ms <n>', 'how often --follow looks for new lines', '250')
    .action(async (opts: DetectOptions) => {
      if (opts.output !== 'jsonl') throw new Error(`unsupported --output ${JSON.stringify(opts.output)} (jsonl)`);
      if (opts.throttleBy !== 'rule' && opts.throttleBy !== 'entity') throw new Error(`unsupported --throttle-by ${JSON.stringify(opts.throttleBy)} (rule or entity)`);
      const sources = {
        globalRuleDirs: opts.rules ?? [],
        noBuiltinRules: Boolean(opts.rules) && !opts.builtin,
        dataDir: opts.dataDir,
        tenant: opts.dataDir ? opts.tenant : undefined,
      };
      const layered = buildLayeredRuleset(sources);
      for (const e of layered.errors) process.stderr.write(`stegosoc: rule rejected: ${e.toString()}\n`);
      const state = opts.state ? new SqliteCorrelationStateStore(opts.state) : undefined;
      const sink = opts.alertsDb ? new SqliteAlertSink(opts.alertsDb) : undefined;
      const engineFor = (l: LayeredRuleset) => new DetectionEngine(l.ruleset, {
        tenant: opts.tenant,
        throttleMs: opts.throttle ? parseTimespan(opts.throttle) : 0,
        throttleBy: opts.throttleBy as 'rule' | 'entity',
        state,
        sink,
        layerOf: l.layerOf,
      });
      let engine = engineFor(layered);
      let skipped = 0;
      const readOpts = { format: opts.format, tenant: opts.tenant, dataDir: opts.dataDir, onSkip: () => skipped++ };
      const text = readFileSync(opts.input, 'utf8');
      const events = readEvents(opts.input, readOpts, text);
      const out: string[] = [];
      const write = (alerts: Alert[]) => {
        for (const a of alerts) out.push(JSON.stringify(opts.events ? a : { ...a, events: undefined }));
        if (out.length >= 1000) process.stdout.write(`${out.splice(0).join('\n')}\n`);
      };
      const drain = () => {
        if (out.length) process.stdout.write(`${out.splice(0).join('\n')}\n`);
      };
      for (const e of events) write(engine.process(e));
      if (opts.follow) {
        // Rule files are watched; a good edit swaps the engine at the next poll, keeping the
        // correlation windows (a snapshot of the old engine restored into the new one).
        let next: LayeredRuleset | undefined;
        const reloader = new RulesetReloader(sources, {
          initial: layered,
          onReload: (l) => { next = l; },
          onRejected: (errors) => { for (const e of errors) process.stderr.write(`stegosoc: rule edit rejected, previous rules kept: ${e.toString()}\n`); },
        }).start();
        const ac = new AbortController();
        const stop = () => ac.abort();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
        drain();
        const parsers = lineParsers(readOpts);
        try {
          await followFile({
            file: opts.input,
            offset: Buffer.byteLength(text),
            lines: text.split('\n').length - (text.endsWith('\n') ? 1 : 0),
            pollMs: Number(opts.pollMs),
            signal: ac.signal,
            onPoll: () => {
              if (!next) return;
              const swapped = engineFor(next);
              swapped.correlations.restore(engine.correlations.snapshot());
              engine = swapped;
              process.stderr.write(`stegosoc: rules reloaded: ${next.ruleset.rules.length} rules, ${next.ruleset.correlations.length} correlations\n`);
              next = undefined;
            },
            onLines: (lines, first) => {
              for (const e of parseLines(lines, first, opts.input, readOpts, parsers)) write(engine.process(e));
              drain();
            },
          });
        } finally {
          reloader.close();
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
        }
      }
      // With persisted state, open windows carry over to the next run instead of closing here.
      if (!state) write(engine.flush());
      drain();
      engine.saveState();
      state?.close();
      sink?.close();
      if (skipped) process.stderr.write(`stegosoc: ${skipped} input lines were not events (not JSON and no parser read them)\n`);
    });
}
