// `stegosoc detect --rules DIR --input FILE [--format auto|jsonl|<parser>] --output jsonl`:
// runs every Sigma rule (and correlation, in the file's time order) over the file and prints
// one JSON alert per line, with rule.id/title/level/author and input.line (input.lines for a
// correlation). Without --rules the shipped global ruleset is used; --tenant/--data-dir add
// the tenant's layer.
import type { Command } from 'commander';
import { DEFAULT_TENANT } from '../core/event.ts';
import { buildLayeredRuleset } from '../detect/sigma/layering.ts';
import { DetectionEngine } from '../detect/sigma/engine.ts';
import { readEvents } from '../detect/sigma/input-reader.ts';
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
    .action((opts: DetectOptions) => {
      if (opts.output !== 'jsonl') throw new Error(`unsupported --output ${JSON.stringify(opts.output)} (jsonl)`);
      if (opts.throttleBy !== 'rule' && opts.throttleBy !== 'entity') throw new Error(`unsupported --throttle-by ${JSON.stringify(opts.throttleBy)} (rule or entity)`);
      const layered = buildLayeredRuleset({
        globalRuleDirs: opts.rules ?? [],
        noBuiltinRules: Boolean(opts.rules) && !opts.builtin,
        dataDir: opts.dataDir,
        tenant: opts.dataDir ? opts.tenant : undefined,
      });
      for (const e of layered.errors) process.stderr.write(`stegosoc: rule rejected: ${e.toString()}\n`);
      const state = opts.state ? new SqliteCorrelationStateStore(opts.state) : undefined;
      const sink = opts.alertsDb ? new SqliteAlertSink(opts.alertsDb) : undefined;
      const engine = new DetectionEngine(layered.ruleset, {
        tenant: opts.tenant,
        throttleMs: opts.throttle ? parseTimespan(opts.throttle) : 0,
        throttleBy: opts.throttleBy,
        state,
        sink,
        layerOf: layered.layerOf,
      });
      let skipped = 0;
      const events = readEvents(opts.input, { format: opts.format, tenant: opts.tenant, dataDir: opts.dataDir, onSkip: () => skipped++ });
      const out: string[] = [];
      const write = (alerts: Alert[]) => {
        for (const a of alerts) out.push(JSON.stringify(opts.events ? a : { ...a, events: undefined }));
        if (out.length >= 1000) process.stdout.write(`${out.splice(0).join('\n')}\n`);
      };
      for (const e of events) write(engine.process(e));
      // With persisted state, open windows carry over to the next run instead of closing here.
      if (!state) write(engine.flush());
      if (out.length) process.stdout.write(`${out.join('\n')}\n`);
      engine.saveState();
      state?.close();
      sink?.close();
      if (skipped) process.stderr.write(`stegosoc: ${skipped} input lines were not events (not JSON and no parser read them)\n`);
    });
}
